import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { clearSessionCookie, readSessionCookie } from "../session-cookie";
import { baseOf } from "./support";

/**
 * GET logs out too, for the classic clients (curl sends no Fetch Metadata). A
 * browser's GET counts only as a top-level navigation from this site or typed
 * by the user: an <img src=".../logout"> in a profile (Sec-Fetch-Dest: image)
 * or a link from another site (Sec-Fetch-Site: cross-site) changes nothing.
 * A cross-site POST has already been refused by the cross-origin check.
 */
export function isDeliberateLogout(method: string, headers: Headers): boolean {
  if (method !== "GET" && method !== "HEAD") return true;
  if (method === "HEAD") return false;
  const site = headers.get("sec-fetch-site");
  if (site === null) return true;
  const dest = headers.get("sec-fetch-dest");
  return (site === "same-origin" || site === "none") && (dest === null || dest === "document");
}

export function mountLogout(pages: Hono<AppEnv>): void {
  pages.on(["GET", "POST"], "/logout", async (c) => {
    if (!isDeliberateLogout(c.req.method, c.req.raw.headers)) return c.redirect(`${baseOf(c)}/`, 302);
    const session = readSessionCookie(c);
    if (session !== null) await c.env.AUTH.logout(session);
    clearSessionCookie(c);
    return c.redirect(`${baseOf(c)}/login`, 302);
  });
}
