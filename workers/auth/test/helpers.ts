import { env, exports } from "cloudflare:workers";
import { importVerifyKey, verifyToken, type TokenKind, type TokenPayload } from "@zoobar/shared";

import type { AuthForBank, AuthForFrontend, AuthForProfiles, AuthForRunner } from "../src/index";

// ctx.exports: loopback bindings to this worker's own entrypoints, so tests call
// them over RPC as the frontend, bank and profiles workers would. (Typed here
// rather than through Cloudflare.GlobalProps, which every worker's tests share.)
const loopback = exports as unknown as {
  AuthForFrontend: Service<AuthForFrontend>;
  AuthForBank: Service<AuthForBank>;
  AuthForProfiles: Service<AuthForProfiles>;
  AuthForRunner: Service<AuthForRunner>;
  default: Fetcher;
};
export const auth = () => loopback.AuthForFrontend;
export const bankView = () => loopback.AuthForBank;
export const profilesView = () => loopback.AuthForProfiles;
export const runnerView = () => loopback.AuthForRunner;
export const defaultHandler = () => loopback.default;

/** Storage may be shared between test files, so every test makes its own names. */
export function uniqueName(prefix = "user"): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

export function mustOk<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

/** What the bank or profiles worker would hold: the public half only. */
export function verifyKey(): Promise<CryptoKey> {
  return importVerifyKey(env.TEST_VERIFY_KEY);
}

export async function verify(token: string, expected: { kind: TokenKind; sub?: string }, nowMs?: number): Promise<TokenPayload> {
  return verifyToken(token, await verifyKey(), expected, nowMs);
}

export async function registered(password = "correct horse battery staple", prefix?: string) {
  const username = uniqueName(prefix);
  const grant = mustOk(await auth().register(username, password));
  const sid = (await verify(grant.accountToken, { kind: "account-open", sub: username })).sid;
  return { username, password, session: grant.session, sid, grant };
}
