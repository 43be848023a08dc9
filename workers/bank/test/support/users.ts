// Test helpers that play the frontend: real users registered at the real auth
// worker, real capability tokens minted by it, the bank called over RPC.

import { exports } from "cloudflare:workers";
import type { BankForFrontendApi, BankForRunnerApi } from "@zoobar/shared";
import { loginAgainAtAuth, registerAtAuth, unwrap, type TestUser } from "../../../../test/workerd/users";

export * from "../../../../test/workerd/users";

/** The bank as the frontend reaches it: its BankForFrontend entrypoint, over RPC. */
export const bank = () => (exports as unknown as { BankForFrontend: BankForFrontendApi }).BankForFrontend;

/** The bank as the profile runner reaches it. */
export const bankForRunner = () => (exports as unknown as { BankForRunner: BankForRunnerApi }).BankForRunner;

/** Registers at auth and opens the bank account, as the frontend does. */
export async function registerUser(label: string): Promise<TestUser> {
  const { user, accountToken } = await registerAtAuth(label);
  unwrap(await bank().openAccount(accountToken), `opening the account of ${user.username}`);
  return user;
}

/** Logs in again and reopens the account, as the frontend does; the previous session (and every token minted for it) dies. */
export async function loginAgain(user: TestUser): Promise<string> {
  const accountToken = await loginAgainAtAuth(user);
  unwrap(await bank().openAccount(accountToken), `reopening the account of ${user.username}`);
  return accountToken;
}
