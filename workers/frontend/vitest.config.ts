import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { generateCapabilityKeys } from "../../scripts/lib/keys.mjs";
import {
  auxiliaryWorkerOptions,
  d1Bindings,
  databasesToMigrate,
  wranglerConfigPath,
} from "../../test/support/auxiliary-workers.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

// A fresh key pair per run: tests never depend on the developer's .dev.vars.
const keys = await generateCapabilityKeys();
// The real backends, so the frontend's service bindings reach real workers (bundled while this config loads).
const backends = await auxiliaryWorkerOptions(["auth", "bank", "profiles", "profile-runner"], "frontend", keys);

export default defineConfig({
  root: here,
  plugins: [
    cloudflareTest({
      // The frontend's config is the root one (the app's front door).
      wrangler: { configPath: wranglerConfigPath("frontend") },
      miniflare: {
        workers: backends.workers,
        // Test-only: the backends' databases (same ids), so the setup can migrate them. The frontend itself has none.
        d1Databases: d1Bindings(backends.databases),
        bindings: { TEST_DATABASES: await databasesToMigrate("frontend", backends.databases) },
      },
    }),
  ],
  test: {
    name: "frontend",
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    setupFiles: ["../../test/workerd/apply-migrations.ts"],
    // Registering users runs PBKDF2 at 100,000 iterations, deliberately slow.
    testTimeout: 60_000,
  },
});
