import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

export const SESSION_COOKIE = "zoobar_session";

// Session tokens from auth are base64url; anything else is not worth an RPC.
const PLAUSIBLE_TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

export function readSessionCookie(c: Context): string | null {
  const value = getCookie(c, SESSION_COOKIE);
  return value !== undefined && PLAUSIBLE_TOKEN.test(value) ? value : null;
}

function cookieOptions(c: Context) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "Lax" as const,
    secure: new URL(c.req.url).protocol === "https:",
  };
}

export function writeSessionCookie(c: Context, session: string): void {
  setCookie(c, SESSION_COOKIE, session, cookieOptions(c));
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}
