/// <reference types="@cloudflare/vitest-plugin/types" />
// The bindings tests see: the worker's own, plus the test-only ones from
// vitest.config.ts. Typed here rather than by augmenting the global
// Cloudflare.Env, which every worker's tests would then have to agree on.
import type { D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { AuthForFrontendApi } from "@zoobar/shared";
import type { Env } from "../../src/env";

export interface ProfilesTestEnv extends Env {
  TEST_SIGNING_KEY: string;
  TEST_PROFILES_MIGRATIONS: D1Migration[];
  TEST_AUTH_MIGRATIONS: D1Migration[];
  TEST_AUTH_DB: D1Database;
  TEST_AUTH_FRONTEND: AuthForFrontendApi;
}

export const testEnv = env as unknown as ProfilesTestEnv;
