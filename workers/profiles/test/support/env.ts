// The profiles worker's own bindings as tests see them. Typed here rather than by augmenting
// the global Cloudflare.Env, which every worker's tests would then have to agree
// on; the test-only bindings from vitest.config.ts are typed in test/workerd/.
import { env } from "cloudflare:workers";
import type { Env } from "../../src/env";

export const testEnv = env as unknown as Env;
