import type { Hono } from "hono";
import { PROFILE_MAX_BYTES } from "@zoobar/shared";
import type { AppEnv, Viewer } from "../env";
import { BadRequestPage } from "../views/errors";
import { HomePage, type HomeData } from "../views/home";
import { type AppContext, chromeOf, readForm, renderPage, requireViewer, withViewer } from "./support";

async function showHome(c: AppContext, viewer: Viewer, notice?: HomeData["notice"], status: 200 | 400 | 403 | 413 = 200) {
  const [balance, profile] = await Promise.all([
    c.env.BANK.getBalance(viewer.username),
    c.env.PROFILES.getProfile(viewer.username),
  ]);
  return renderPage(c, <HomePage {...chromeOf(c)} balance={balance} profile={profile} notice={notice} />, status);
}

export function mountHome(pages: Hono<AppEnv>): void {
  pages.get("/", withViewer, (c) => {
    const viewer = requireViewer(c);
    return viewer instanceof Response ? viewer : showHome(c, viewer);
  });

  pages.post("/", withViewer, async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const form = await readForm(c);
    if (!form.ok) return renderPage(c, <BadRequestPage {...chromeOf(c)} message={form.error} />, form.status);
    const submitted = form.fields.profile_update;
    if (submitted === undefined) {
      return showHome(c, viewer, { kind: "error", text: "No profile text was sent (field profile_update)." }, 400);
    }
    // Browsers send CRLF from a textarea; store plain newlines so profiles read the same everywhere.
    const text = submitted.replace(/\r\n?/g, "\n");
    const bytes = new TextEncoder().encode(text).byteLength;
    if (bytes > PROFILE_MAX_BYTES) {
      const error = `Your profile is ${bytes} bytes; the limit is ${PROFILE_MAX_BYTES} bytes (64 KiB). It was not saved.`;
      return showHome(c, viewer, { kind: "error", text: error }, 413);
    }
    const token = await c.env.AUTH.mintProfileWriteToken(viewer.session);
    if (!token.ok) return showHome(c, viewer, { kind: "error", text: `Profile not saved: ${token.error}` }, 403);
    const saved = await c.env.PROFILES.setProfile(token.token, text);
    if (!saved.ok) return showHome(c, viewer, { kind: "error", text: `Profile not saved: ${saved.error}` }, 400);
    return showHome(c, viewer, { kind: "ok", text: "Profile saved." });
  });
}
