import { applyD1Migrations } from "cloudflare:test";
import { testEnv } from "./env";

// Idempotent: applyD1Migrations records what it has applied.
await applyD1Migrations(testEnv.PROFILES_DB, testEnv.TEST_PROFILES_MIGRATIONS);
await applyD1Migrations(testEnv.TEST_AUTH_DB, testEnv.TEST_AUTH_MIGRATIONS);
