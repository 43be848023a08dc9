import type { Hono } from "hono";
import { normalizeUsername } from "@zoobar/shared";
import type { AppEnv } from "../env";
import { renderProfileHtml } from "../profile-content";
import { UsersPage } from "../views/users";
import { chromeOf, renderPage, requireViewer, withViewer } from "./support";

export function mountUsers(pages: Hono<AppEnv>): void {
  pages.get("/users", withViewer, async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const chrome = chromeOf(c);
    const query = c.req.query("user");
    if (query === undefined || query === "") return renderPage(c, <UsersPage {...chrome} query="" />);

    const name = normalizeUsername(query);
    if (!name.ok) return renderPage(c, <UsersPage {...chrome} query={query} error={name.error} />, 400);
    const username = name.username;
    const balance = await c.env.BANK.getBalance(username);
    if (balance === null) {
      return renderPage(c, <UsersPage {...chrome} query={query} error={`There is no user called “${username}”.`} />, 404);
    }
    const [profile, transfers] = await Promise.all([
      c.env.PROFILES.getProfile(username),
      c.env.BANK.getTransfers(username),
    ]);
    const profileHtml = await renderProfileHtml(profile, { owner: username, visitor: viewer.username });
    return renderPage(c, <UsersPage {...chrome} query={query} found={{ username, balance, profileHtml, transfers }} />);
  });
}
