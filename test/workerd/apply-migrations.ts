/// <reference types="@cloudflare/vitest-plugin/types" />
// Setup file for the workers' tests in workerd: migrates every database listed in
// TEST_DATABASES (built by databasesToMigrate in test/support/auxiliary-workers.mjs),
// the worker's own and any test-only bindings to its auxiliaries' databases.
import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";

const testEnv = env as unknown as Record<string, unknown> & { TEST_DATABASES: { binding: string; migrations: D1Migration[] }[] };

for (const db of testEnv.TEST_DATABASES) {
  // Idempotent: applyD1Migrations records what it has applied.
  await applyD1Migrations(testEnv[db.binding] as D1Database, db.migrations);
}
