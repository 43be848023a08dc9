// The checking side of a capability, shared by every worker that accepts one:
// what the token proves by itself (signature, kind, audience, expiry), then what
// only auth knows (whether the session that asked for it is still live).
// Spending the token (single use) is the caller's job, inside the same D1
// transaction as the effect it pays for.

import type { AuthSessionCheckApi, Result } from "./rpc";
import { importKeyOnce, NEEDS_LIVE_SESSION, TokenError, verifyToken, type TokenKind, type TokenPayload } from "./tokens";

export interface CapabilityChecker {
  /** auth's Ed25519 public key, JWK JSON. */
  AUTH_VERIFY_KEY: string;
  /** Not consulted for kinds that need no live session (see NEEDS_LIVE_SESSION). */
  AUTH: AuthSessionCheckApi;
}

export async function checkCapability(
  env: CapabilityChecker,
  token: unknown,
  kind: TokenKind,
): Promise<Result<{ payload: TokenPayload }>> {
  let payload: TokenPayload;
  try {
    payload = await verifyToken(token, await importKeyOnce("verify", env.AUTH_VERIFY_KEY), { kind });
  } catch (e) {
    if (e instanceof TokenError) return notAuthorized(e.message);
    throw e;
  }
  if (!NEEDS_LIVE_SESSION[kind]) return { ok: true, payload };
  let live: boolean;
  try {
    live = await env.AUTH.isSessionLive(payload.sid, payload.sub);
  } catch {
    return { ok: false, error: "Could not check your session right now; try again in a moment." };
  }
  if (!live) {
    return { ok: false, error: "Your session has ended (you logged out or logged in again elsewhere). Log in again." };
  }
  return { ok: true, payload };
}

function notAuthorized(reason: string): { ok: false; error: string } {
  return { ok: false, error: `This request was not authorized: ${reason}. Reload the page and try again.` };
}
