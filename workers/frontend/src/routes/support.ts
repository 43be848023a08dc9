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
  const tooLarge = (n: number | string) =>
    ({ ok: false, status: 413, error: `The form is too large (${n} bytes; at most ${MAX_FORM_BYTES}).` }) as const;
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) return tooLarge(declared);
  // The header may be absent (chunked) or wrong, so the limit is also counted while reading.
  const bytes = await readAtMost(c.req.raw.body, MAX_FORM_BYTES);
  if (bytes === null) return tooLarge(`more than ${MAX_FORM_BYTES}`);
  let parsed: FormData;
  try {
    parsed = await new Response(bytes, { headers: { "content-type": c.req.header("content-type") ?? "" } }).formData();
  } catch {
    return { ok: false, status: 400, error: "The form data could not be read." };
  }
  const fields: FormFields = {};
  for (const [name, value] of parsed) if (typeof value === "string" && !(name in fields)) fields[name] = value;
  return { ok: true, fields };
}

/** The whole body, or null as soon as it passes `limit` bytes (the rest is not read). */
async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | null> {
  if (body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
