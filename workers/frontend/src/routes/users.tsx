import type { Hono } from "hono";
import { normalizeUsername } from "@zoobar/shared";
import type { AppEnv } from "../env";
import { isExecutableProfile, renderProfile } from "../profile-content";
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
    const [exists, text] = await Promise.all([c.env.BANK.getBalance(username), c.env.PROFILES.getProfile(username)]);
    if (exists === null) {
      return renderPage(c, <UsersPage {...chrome} query={query} error={`There is no user called “${username}”.`} />, 404);
    }
    // A program runs first and may move zoobars, so the balance is read again after it;
    // a plain profile changes nothing, and the first read stands.
    const profile = await renderProfile(c.env, text, username, viewer);
    const [balance, transfers] = await Promise.all([
      isExecutableProfile(text) ? c.env.BANK.getBalance(username) : exists,
      c.env.BANK.getTransfers(username),
    ]);
    const found = { username, balance: balance ?? 0, profile, transfers };
    return renderPage(c, <UsersPage {...chrome} query={query} found={found} />);
  });
}
