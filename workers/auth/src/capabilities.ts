// Minting capability tokens (format and the who-mints/who-checks table live in
// @zoobar/shared/tokens). Only this worker holds the signing key.

import { importKeyOnce, newTokenPayload, signToken, type TokenKind } from "@zoobar/shared";
import type { LiveSession } from "./sessions";

export function signingKey(jwk: string | undefined): Promise<CryptoKey> {
  if (!jwk) return Promise.reject(new Error("AUTH_SIGNING_KEY is not configured"));
  return importKeyOnce("sign", jwk);
}

export async function mint(kind: TokenKind, session: LiveSession, key: CryptoKey): Promise<string> {
  return signToken(newTokenPayload(kind, session.username, session.id), key);
}
