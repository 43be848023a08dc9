// Migrates the backends' databases (test-only bindings to the same D1 ids) before any test runs.
import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";

const testEnv = env as unknown as Record<string, unknown> & { TEST_DATABASES: { binding: string; migrations: D1Migration[] }[] };

for (const db of testEnv.TEST_DATABASES) {
  // Idempotent: applyD1Migrations records what it has applied.
  await applyD1Migrations(testEnv[db.binding] as D1Database, db.migrations);
}
