import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { generateCapabilityKeys } from "../../scripts/lib/keys.mjs";
import { backendWorkers, repoRoot } from "./test/support/backend-workers.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

// A fresh key pair per run: tests never depend on the developer's .dev.vars.
const keys = await generateCapabilityKeys();
const backends = await backendWorkers(keys);
const databases = await Promise.all(
  backends.databases.map(async (db) => ({ binding: db.binding, migrations: await readD1Migrations(db.migrationsDir) })),
);

export default defineConfig({
  root: here,
  plugins: [
    cloudflareTest({
      // The frontend's config is the root one (the app's front door).
      wrangler: { configPath: join(repoRoot, "wrangler.toml") },
      miniflare: {
        // The real backends, so the frontend's service bindings reach real workers.
        workers: backends.workers,
        // Test-only: the backends' databases (same ids), so the setup can migrate them. The frontend itself has none.
        d1Databases: Object.fromEntries(backends.databases.map((db) => [db.binding, db.id])),
        bindings: { TEST_DATABASES: databases },
      },
    }),
  ],
  test: {
    name: "frontend",
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    globalSetup: ["test/support/global-setup.mjs"],
    setupFiles: ["test/support/apply-migrations.ts"],
    // Registering users runs PBKDF2 at 100,000 iterations, deliberately slow.
    testTimeout: 60_000,
  },
});
