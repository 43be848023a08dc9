// Minting capability tokens (format and the who-mints/who-checks table live in
// @zoobar/shared/tokens). Only this worker holds the signing key.

import { importSigningKey, newTokenPayload, signToken, type TokenKind } from "@zoobar/shared";
import type { LiveSession } from "./sessions";

// Importing a JWK costs a little each time; one import per isolate is enough.
let cached: { jwk: string; key: Promise<CryptoKey> } | undefined;

export function signingKey(jwk: string | undefined): Promise<CryptoKey> {
  if (!jwk) return Promise.reject(new Error("AUTH_SIGNING_KEY is not configured"));
  if (cached?.jwk !== jwk) {
    const key = importSigningKey(jwk);
    // A failed import is not cached, so a fixed secret takes effect without a restart.
    key.catch(() => {
      if (cached?.key === key) cached = undefined;
    });
    cached = { jwk, key };
  }
  return cached.key;
}

export async function mint(kind: TokenKind, session: LiveSession, key: CryptoKey): Promise<string> {
  return signToken(newTokenPayload(kind, session.username, session.id), key);
}
