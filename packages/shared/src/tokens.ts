/**
 * Capability tokens: the one place that defines their format and who handles each kind.
 *
 * Wire format:   zb1.<payload>.<signature>
 *   payload    = base64url(JSON of TokenPayload)
 *   signature  = base64url(Ed25519 signature over the ASCII bytes "zb1.<payload>")
 *
 * Only auth holds the Ed25519 private key (AUTH_SIGNING_KEY), so only auth can mint.
 * Workers that check tokens hold the public key (AUTH_VERIFY_KEY) and nothing else.
 *
 * | kind            | minted by (method)                      | checked and spent by             | lets the holder                       |
 * |-----------------|-----------------------------------------|----------------------------------|---------------------------------------|
 * | "transfer"      | auth AuthForFrontend.mintTransferToken   | bank BankForFrontend.transfer     | move zoobars from `sub`, once         |
 * | "profile-write" | auth AuthForFrontend.mintProfileWriteToken | profiles ProfilesForFrontend.setProfile | replace `sub`'s profile, once    |
 * | "account-open"  | auth AuthForFrontend.register / login    | bank BankForFrontend.openAccount  | create `sub`'s balance (idempotent)   |
 * | "view-ticket"   | auth AuthForFrontend.mintViewTicket      | auth AuthForRunner.exchangeViewTicket | have `owner`'s profile run for `sub`, once |
 * | "run"           | auth AuthForRunner.exchangeViewTicket    | bank BankForRunner.xferFromOwner  | move zoobars from `sub` (the owner) during one run, within the per-run caps |
 *
 * Every token carries the session it was minted for (`sid`). A checker verifies
 * the signature, kind, audience and expiry locally, then asks auth whether `sid`
 * is still the live session of `sub` (AuthForBank/AuthForProfiles.isSessionLive),
 * so a logout or newer login kills every token minted before it. Single use is
 * enforced by the checker: it records `jti` in its own database in the same D1
 * transaction as the effect, so a replay finds the id already spent and changes nothing.
 *
 * The "run" kind is the exception to both rules: it is owner-scoped (`sub` is the
 * profile owner, `visitor` the viewer), is used for several calls in one run, and
 * is bounded instead by its short life (RUN_TOKEN_LIFETIME_SECONDS) and by the
 * bank's per-run caps, counted under its `jti` (the run id). It needs no live
 * session of the owner's: the owner's code runs while the owner is away.
 */

import { fromBase64Url, randomBase64Url, toBase64Url } from "./bytes";

export const TOKEN_PREFIX = "zb1";
/** Long enough for one form submission to cross three workers, short enough to be useless if leaked. */
export const TOKEN_LIFETIME_SECONDS = 30;
/** Checkers keep a spent `jti` this long past its token's expiry before pruning it, to allow for clock skew between auth and the checker. */
export const SPENT_TOKEN_GRACE_SECONDS = 300;

/** A run capability outlives the run's wall-time limit a little, never by much. */
export const RUN_TOKEN_LIFETIME_SECONDS = 30;

export type TokenKind = "transfer" | "profile-write" | "account-open" | "view-ticket" | "run";
export type TokenAudience = "bank" | "profiles" | "auth";

export const AUDIENCE_OF: Record<TokenKind, TokenAudience> = {
  transfer: "bank",
  "profile-write": "profiles",
  "account-open": "bank",
  "view-ticket": "auth",
  run: "bank",
};

/** Kinds whose checker must also find the minting session still live. */
export const NEEDS_LIVE_SESSION: Record<TokenKind, boolean> = {
  transfer: true,
  "profile-write": true,
  "account-open": true,
  "view-ticket": true,
  run: false,
};

export interface TokenPayload {
  kind: TokenKind;
  aud: TokenAudience;
  /** The user the capability speaks for (the sender, the profile owner, the new account). */
  sub: string;
  /** Id of the auth session that asked for it. */
  sid: string;
  /** Random id, spent on first use. */
  jti: string;
  /** Issued at / expires at, seconds since the epoch. */
  iat: number;
  exp: number;
  /** view-ticket only: whose profile is to be run. */
  owner?: string;
  /** run only: who is viewing the profile. */
  visitor?: string;
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenError";
  }
}

const ED25519 = { name: "Ed25519" } as const;

/**
 * Node exports Ed25519 JWKs with `"alg": "Ed25519"`, workerd accepts only
 * `"EdDSA"`; the algorithm is fixed by the import itself, so `alg` is dropped.
 */
function parseEd25519Jwk(jwkJson: string): JsonWebKey {
  const { alg: _ignored, ...jwk } = JSON.parse(jwkJson) as JsonWebKey;
  return jwk;
}

const importedKeys = new Map<string, Promise<CryptoKey>>();

/**
 * Importing a JWK costs a little each time; one import per key per isolate is
 * enough. A failed import is not kept, so a fixed secret takes effect without a restart.
 */
export function importKeyOnce(use: "sign" | "verify", jwkJson: string): Promise<CryptoKey> {
  const id = `${use}:${jwkJson}`;
  let key = importedKeys.get(id);
  if (!key) {
    key = use === "sign" ? importSigningKey(jwkJson) : importVerifyKey(jwkJson);
    importedKeys.set(id, key);
    key.catch(() => importedKeys.delete(id));
  }
  return key;
}

/** The public half of a signing key as JWK JSON: an Ed25519 private JWK carries its public point `x`. */
export function publicJwkOf(signingJwkJson: string): string {
  const { kty, crv, x } = JSON.parse(signingJwkJson) as JsonWebKey;
  return JSON.stringify({ kty, crv, x });
}

export async function importSigningKey(jwkJson: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("jwk", parseEd25519Jwk(jwkJson), ED25519, false, ["sign"]);
}

export async function importVerifyKey(jwkJson: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("jwk", parseEd25519Jwk(jwkJson), ED25519, false, ["verify"]);
}

export function newTokenPayload(
  kind: TokenKind,
  sub: string,
  sid: string,
  nowMs = Date.now(),
  extra: Pick<TokenPayload, "owner" | "visitor"> = {},
): TokenPayload {
  const iat = Math.floor(nowMs / 1000);
  const lifetime = kind === "run" ? RUN_TOKEN_LIFETIME_SECONDS : TOKEN_LIFETIME_SECONDS;
  return { kind, aud: AUDIENCE_OF[kind], sub, sid, jti: randomBase64Url(16), iat, exp: iat + lifetime, ...extra };
}

export async function signToken(payload: TokenPayload, signingKey: CryptoKey): Promise<string> {
  const body = `${TOKEN_PREFIX}.${toBase64Url(new TextEncoder().encode(JSON.stringify(payload)))}`;
  const signature = await crypto.subtle.sign(ED25519, signingKey, new TextEncoder().encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}

/**
 * Checks everything a token can prove by itself. Liveness of the session and
 * single use are the caller's to check, since they need state.
 */
export async function verifyToken(
  token: unknown,
  verifyKey: CryptoKey,
  expected: { kind: TokenKind; sub?: string },
  nowMs = Date.now(),
): Promise<TokenPayload> {
  if (typeof token !== "string" || token.length > 2048) throw new TokenError("malformed capability token");
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== TOKEN_PREFIX) throw new TokenError("malformed capability token");
  const payloadBytes = fromBase64Url(parts[1]);
  const signature = fromBase64Url(parts[2]);
  // Ed25519 signatures are exactly 64 bytes; workerd's verify throws rather than answering false for other lengths.
  if (!payloadBytes || !signature || signature.length !== 64) throw new TokenError("malformed capability token");
  const body = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  const valid = await crypto.subtle.verify(ED25519, verifyKey, signature, body);
  if (!valid) throw new TokenError("capability token signature is invalid");
  let payload: TokenPayload;
  try {
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(payloadBytes));
  } catch {
    throw new TokenError("malformed capability token");
  }
  if (payload.kind !== expected.kind) throw new TokenError(`capability token is for "${payload.kind}", not "${expected.kind}"`);
  if (payload.aud !== AUDIENCE_OF[expected.kind]) throw new TokenError("capability token is for another service");
  if (typeof payload.sub !== "string" || typeof payload.sid !== "string" || typeof payload.jti !== "string") {
    throw new TokenError("malformed capability token");
  }
  if (payload.kind === "view-ticket" && typeof payload.owner !== "string") throw new TokenError("malformed capability token");
  if (payload.kind === "run" && typeof payload.visitor !== "string") throw new TokenError("malformed capability token");
  if (expected.sub !== undefined && payload.sub !== expected.sub) {
    throw new TokenError("capability token was issued for another user");
  }
  const now = Math.floor(nowMs / 1000);
  if (typeof payload.exp !== "number" || now >= payload.exp) throw new TokenError("capability token has expired");
  if (typeof payload.iat !== "number" || payload.iat > now + 5) throw new TokenError("capability token is not valid yet");
  return payload;
}
