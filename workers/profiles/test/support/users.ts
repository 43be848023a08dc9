// Test helpers that play the frontend: real users registered at the real auth
// worker, real capability tokens minted by it, this worker called over RPC.

import { exports } from "cloudflare:workers";
import type { ProfilesForFrontendApi, ProfilesForRunnerApi } from "@zoobar/shared";
import { loginAgainAtAuth, registerAtAuth, type TestUser } from "../../../../test/workerd/users";

export * from "../../../../test/workerd/users";

const entrypoints = () =>
  exports as unknown as { ProfilesForFrontend: ProfilesForFrontendApi; ProfilesForRunner: ProfilesForRunnerApi };
export const profiles = () => entrypoints().ProfilesForFrontend;
export const runnerView = () => entrypoints().ProfilesForRunner;

export async function registerUser(label: string): Promise<TestUser> {
  return (await registerAtAuth(label)).user;
}

/** Logs in again; the previous session (and every token minted for it) dies. */
export async function loginAgain(user: TestUser): Promise<void> {
  await loginAgainAtAuth(user);
}
