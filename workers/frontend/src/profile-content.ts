// What a profile shows. Plain profiles are sanitized HTML. A profile whose first
// line is "#!python" is a program: the frontend asks auth for a view ticket
// (visitor from the session, owner from the URL) and hands only that ticket to
// the profile runner, which fetches the code itself. What the run printed is
// sanitized exactly like a plain profile.
import type { ProfileRun } from "@zoobar/shared";
import type { Env, Viewer } from "./env";
import { sanitizeProfileHtml, type SanitizedHtml } from "./sanitize";

export function isExecutableProfile(text: string): boolean {
  return /^#!python[ \t]*(?:\r?\n|$)/.test(text);
}

export interface RenderedProfile {
  html: SanitizedHtml;
  /** Why a program's output is missing or incomplete: shown escaped, below the output. */
  problem?: { kind: "exception" | "limit" | "unavailable"; type: string; message: string; traceback?: string };
}

export async function renderProfile(env: Env, text: string, owner: string, viewer: Viewer): Promise<RenderedProfile> {
  if (!isExecutableProfile(text)) return { html: sanitizeProfileHtml(text) };
  const ticket = await env.AUTH.mintViewTicket(viewer.session, owner);
  if (!ticket.ok) return unavailable(ticket.error);
  let result;
  try {
    result = await env.RUNNER.viewProfile(ticket.ticket);
  } catch (e) {
    console.error("profile runner failed", e);
    return unavailable("The profile runner did not answer; try again in a moment.");
  }
  if (!result.ok) return unavailable(result.error);
  return { html: sanitizeProfileHtml(result.run.output), problem: problemOf(result.run) };
}

function problemOf(run: ProfileRun): RenderedProfile["problem"] {
  if (run.outcome === "ok" || !run.error) return undefined;
  return { kind: run.outcome, ...run.error };
}

function unavailable(message: string): RenderedProfile {
  return { html: sanitizeProfileHtml(""), problem: { kind: "unavailable", type: "ProfileUnavailable", message } };
}
