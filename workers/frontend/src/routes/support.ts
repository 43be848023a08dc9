// Helpers every page handler uses: who is asking, reading forms, writing pages.
import type { Context, MiddlewareHandler } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv, Viewer } from "../env";
import { basePathOf } from "../paths";
import { clearSessionCookie, readSessionCookie } from "../session-cookie";
import type { PageChrome } from "../views/layout";

export type AppContext = Context<AppEnv>;

/** Who the session cookie belongs to, asked of auth each time; a dead cookie is cleared. */
export async function lookUpViewer(c: AppContext): Promise<Viewer | null> {
  const session = readSessionCookie(c);
  let viewer: Viewer | null = null;
  if (session !== null) {
    const who = await c.env.AUTH.whoami(session);
    if (who) viewer = { username: who.username, session };
    else clearSessionCookie(c);
  }
  c.set("viewer", viewer);
  return viewer;
}

export const withViewer: MiddlewareHandler<AppEnv> = async (c, next) => {
  await lookUpViewer(c);
  await next();
};

export function baseOf(c: Context): string {
  return basePathOf(new URL(c.req.url).pathname);
}

export function chromeOf(c: AppContext): PageChrome {
  return { base: baseOf(c), viewer: c.get("viewer") ?? null };
}

/** To the login page, coming back to this page (classic prefix kept) afterwards. */
export function redirectToLogin(c: Context): Response {
  const url = new URL(c.req.url);
  const base = basePathOf(url.pathname);
  return c.redirect(`${base}/login?nexturl=${encodeURIComponent(url.pathname + url.search)}`, 302);
}

/** Pages that need a logged-in viewer: the viewer, or a redirect to log in. */
export function requireViewer(c: AppContext): Viewer | Response {
  return c.get("viewer") ?? redirectToLogin(c);
}

export async function renderPage(c: Context, page: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  const html = await page;
  return c.html("<!DOCTYPE html>\n" + html, status);
}

/** Largest form body accepted: a full profile, URL-encoded, with room to spare. */
const MAX_FORM_BYTES = 512 * 1024;

export type FormFields = Record<string, string>;
export type FormRead = { ok: true; fields: FormFields } | { ok: false; status: 400 | 413; error: string };

export async function readForm(c: Context): Promise<FormRead> {
  const length = Number(c.req.header("content-length") ?? "0");
  if (length > MAX_FORM_BYTES) {
    return { ok: false, status: 413, error: `The form is too large (${length} bytes; at most ${MAX_FORM_BYTES}).` };
  }
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: false });
  } catch {
    return { ok: false, status: 400, error: "The form data could not be read." };
  }
  const fields: FormFields = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === "string") fields[name] = value;
  return { ok: true, fields };
}
