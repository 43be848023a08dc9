// The few site actions the benchmarks need, over the classic HTTP interface with
// a cookie jar: register a visitor, save a profile, view a user's page and take
// the page apart into the profile's output and the runner's problem note.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../../scripts/app.mjs";
import { CookieClient, loginAs } from "../../test/support/cookie-client.ts";

export const CLASSIC = "/zoobar/index.cgi";

/** The text of a sample profile in profiles/. */
export const sampleProfile = (name) => readFileSync(join(root, "profiles", name), "utf8");

/** A newly registered, logged-in client. `timeoutMs` bounds each of its requests. */
export async function registeredClient(baseUrl, username, { timeoutMs } = {}) {
  const client = new CookieClient(baseUrl, { timeoutMs });
  const home = await loginAs(client, username, "pw", true, CLASSIC);
  if (home.status !== 200 || !home.body.includes(`Log out ${username}`)) {
    throw new Error(`registering ${username} failed (${home.status}):\n${home.body.slice(0, 1000)}`);
  }
  return client;
}

export async function saveProfile(client, text) {
  const res = await client.post(`${CLASSIC}/`, { profile_update: text, profile_submit: "Save" });
  if (res.status >= 400) throw new Error(`saving a profile failed: ${res.status}\n${res.body.slice(0, 1000)}`);
}

const decodeEntities = (s) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

/**
 * The runner's note under a profile (`<div class="profile-problem KIND">`), or
 * null: kind (limit, exception, unavailable), Python type and message.
 */
export function profileProblem(body) {
  const m = /<div class="profile-problem (\w+)"[^>]*>\s*<p>[^<]*<strong>([^<]*)<\/strong>:\s*([^<]*)<\/p>/.exec(body);
  return m ? { kind: m[1], type: decodeEntities(m[2]), message: decodeEntities(m[3]).trim() } : null;
}

/** What the profile box holds (sanitized program output or plain profile). */
export function profileBox(body) {
  return /<div id="profile">([\s\S]*?)<\/div>\s*(?:<div class="profile-problem|<\/section>)/.exec(body)?.[1] ?? null;
}

/**
 * One view of `owner`'s page, timed from request to last byte. Never throws:
 * a timeout or connection failure comes back as `failure`.
 */
export async function viewUser(client, owner) {
  const started = performance.now();
  try {
    const page = await client.get(`${CLASSIC}/users?user=${encodeURIComponent(owner)}`);
    return { ms: performance.now() - started, status: page.status, body: page.body };
  } catch (e) {
    const timedOut = e?.name === "TimeoutError" || e?.cause?.name === "TimeoutError";
    return { ms: performance.now() - started, failure: timedOut ? "timeout" : `network: ${e?.cause?.code ?? e?.message ?? e}` };
  }
}
