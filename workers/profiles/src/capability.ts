// Checks a capability token from auth: what the token proves by itself
// (signature, kind, audience, expiry), then what only auth knows (whether the
// session that asked for it is still live). Spending the token is the
// caller's job, inside the same transaction as the effect it pays for.
// (The bank has the same check; each worker keeps its own copy so that
// neither worker's code depends on the other's.)

import { TokenError, importVerifyKey, verifyToken, type Result, type TokenKind, type TokenPayload } from "@zoobar/shared";
import type { Env } from "./env";

let cachedKey: { jwk: string; key: Promise<CryptoKey> } | undefined;

function verifyKey(jwk: string): Promise<CryptoKey> {
  if (cachedKey?.jwk !== jwk) cachedKey = { jwk, key: importVerifyKey(jwk) };
  return cachedKey.key;
}

export async function checkCapability(env: Env, token: unknown, kind: TokenKind): Promise<Result<{ payload: TokenPayload }>> {
  const key = await verifyKey(env.AUTH_VERIFY_KEY);
  let payload: TokenPayload;
  try {
    payload = await verifyToken(token, key, { kind });
  } catch (e) {
    if (e instanceof TokenError) return notAuthorized(e.message);
    // workerd's Ed25519 verify throws, rather than answering false, for a
    // signature of the wrong length: that is a malformed token, not a bug.
    if (e instanceof DOMException && e.name === "OperationError") return notAuthorized("malformed capability token");
    throw e;
  }
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
