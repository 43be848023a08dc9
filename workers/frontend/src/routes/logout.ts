import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { clearSessionCookie, readSessionCookie } from "../session-cookie";
import { baseOf } from "./support";

export function mountLogout(pages: Hono<AppEnv>): void {
  // GET too, for the classic clients; a cross-site POST is stopped by the cross-origin check first.
  pages.on(["GET", "POST"], "/logout", async (c) => {
    const session = readSessionCookie(c);
    if (session !== null) await c.env.AUTH.logout(session);
    clearSessionCookie(c);
    return c.redirect(`${baseOf(c)}/login`, 302);
  });
}
