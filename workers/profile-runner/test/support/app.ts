// Tests play the frontend: real users at the real auth worker, real accounts at
// the real bank, profiles stored through the real profiles worker, and views
// through this worker's own RunnerForFrontend entrypoint with tickets minted by
// auth, exactly as the frontend does it.

import { env, exports } from "cloudflare:workers";
import type { BankForFrontendApi, ProfileRun, ProfilesForFrontendApi, RunnerForFrontendApi } from "@zoobar/shared";
import { auth, profileWriteToken, transferToken, uniqueName, unwrap, type TestUser } from "../../../../test/workerd/users";
import type { Env } from "../../src/env";

const testEnv = env as unknown as Env & { TEST_BANK_FRONTEND: BankForFrontendApi; TEST_PROFILES_FRONTEND: ProfilesForFrontendApi };
const runner = () => (exports as unknown as { RunnerForFrontend: RunnerForFrontendApi }).RunnerForFrontend;

export { uniqueName, type TestUser };
export const bank = () => testEnv.TEST_BANK_FRONTEND;
export const runnerEnv = testEnv;

/** Registers `username` exactly (and opens its bank account); `uniqueName` makes names unique per test. */
export async function register(username: string): Promise<TestUser> {
  const password = `pw-${crypto.randomUUID()}`;
  const grant = unwrap(await auth().register(username, password), `registering ${username}`);
  unwrap(await bank().openAccount(grant.accountToken), `opening ${username}'s account`);
  return { username: grant.username, password, session: grant.session };
}

export const newUser = (label: string) => register(uniqueName(label));

export async function setProfile(user: TestUser, text: string): Promise<void> {
  unwrap(await testEnv.TEST_PROFILES_FRONTEND.setProfile(await profileWriteToken(user), text), `storing ${user.username}'s profile`);
}

export async function viewResult(visitor: TestUser, owner: TestUser | string) {
  const name = typeof owner === "string" ? owner : owner.username;
  const { ticket } = unwrap(await auth().mintViewTicket(visitor.session, name), `minting a view ticket for ${visitor.username}`);
  return runner().viewProfile(ticket);
}

/** `visitor` views `owner`'s profile; fails the test if the runner refuses. */
export async function view(visitor: TestUser, owner: TestUser | string): Promise<ProfileRun> {
  return unwrap(await viewResult(visitor, owner), "viewing a profile").run;
}

export async function send(from: TestUser, to: TestUser, zoobars: number): Promise<void> {
  unwrap(await bank().transfer(await transferToken(from), to.username, String(zoobars)), `sending ${zoobars} from ${from.username}`);
}

export async function balance(user: TestUser): Promise<number | null> {
  return bank().getBalance(user.username);
}

/** Counters of the owner's sandbox (boots, reuses, why the last interpreter was discarded). */
export function sandboxStats(owner: TestUser) {
  return testEnv.SANDBOXES.get(testEnv.SANDBOXES.idFromName(owner.username)).inspect();
}

/** Stores `code` as `owner`'s profile (with the #!python line) and has `visitor` view it. */
export async function runAs(owner: TestUser, visitor: TestUser, code: string): Promise<ProfileRun> {
  await setProfile(owner, `#!python\n${code}`);
  return view(visitor, owner);
}
