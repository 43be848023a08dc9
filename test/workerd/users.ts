// Test helpers for workers whose tests play the frontend: real users registered at
// the real auth worker (an auxiliary worker, reached through the test-only
// TEST_AUTH_FRONTEND binding) and real capability tokens minted by it.

import { env } from "cloudflare:workers";
import {
  fromBase64Url,
  importSigningKey,
  randomBase64Url,
  signToken,
  type AuthForFrontendApi,
  type AuthForRunnerApi,
  type ViewGrant,
  type TokenPayload,
} from "@zoobar/shared";

/** The test-only bindings these helpers use (see the workers' vitest.config.ts). */
const testEnv = env as unknown as {
  TEST_AUTH_FRONTEND: AuthForFrontendApi;
  TEST_AUTH_RUNNER: AuthForRunnerApi;
  TEST_SIGNING_KEY: string;
};

export interface TestUser {
  username: string;
  password: string;
  /** The session cookie value. */
  session: string;
}

export const auth = () => testEnv.TEST_AUTH_FRONTEND;

/** Storage may outlive one test, so every test works with names of its own. */
export function uniqueName(label: string): string {
  return `${label}-${randomBase64Url(6)}`;
}

export function unwrap<T extends { ok: boolean }>(r: T, what: string): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`${what} failed: ${(r as unknown as { error: string }).error}`);
  return r as Extract<T, { ok: true }>;
}

/** Registers at auth; also returns the account-open token auth grants with the session. */
export async function registerAtAuth(label: string): Promise<{ user: TestUser; accountToken: string }> {
  const username = uniqueName(label);
  const password = `pw-${randomBase64Url(9)}`;
  const grant = unwrap(await auth().register(username, password), `registering ${username}`);
  return { user: { username, password, session: grant.session }, accountToken: grant.accountToken };
}

/** Logs in again at auth; the previous session (and every token minted for it) dies. Returns the new account-open token. */
export async function loginAgainAtAuth(user: TestUser): Promise<string> {
  const grant = unwrap(await auth().login(user.username, user.password), `logging in ${user.username}`);
  user.session = grant.session;
  return grant.accountToken;
}

export async function transferToken(user: TestUser): Promise<string> {
  return unwrap(await auth().mintTransferToken(user.session), `minting a transfer token for ${user.username}`).token;
}

/** What the profile runner holds while `visitor` views `owner`'s profile: a view ticket traded at auth for a run grant. */
export async function runGrant(visitor: TestUser, owner: string): Promise<ViewGrant> {
  const ticket = unwrap(await auth().mintViewTicket(visitor.session, owner), `minting a view ticket for ${visitor.username}`).ticket;
  return unwrap(await testEnv.TEST_AUTH_RUNNER.exchangeViewTicket(ticket), "exchanging a view ticket");
}

export async function profileWriteToken(user: TestUser): Promise<string> {
  return unwrap(await auth().mintProfileWriteToken(user.session), `minting a profile token for ${user.username}`).token;
}

export function readPayload(token: string): TokenPayload {
  const bytes = fromBase64Url(token.split(".")[1]);
  if (!bytes) throw new Error("not a token");
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Signs with auth's real key (test-only binding): for tokens auth itself would never mint. */
export async function signWithAuthKey(payload: TokenPayload): Promise<string> {
  return signToken(payload, await importSigningKey(testEnv.TEST_SIGNING_KEY));
}

/** Signs with a key auth never had: a forgery. */
export async function signWithStrangerKey(payload: TokenPayload): Promise<string> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"])) as CryptoKeyPair;
  return signToken(payload, pair.privateKey);
}
