import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { generateCapabilityKeys } from "../../scripts/lib/keys.mjs";
import { auxiliaryWorkerOptions, d1Bindings, databasesToMigrate } from "../../test/support/auxiliary-workers.mjs";
import { ensureMeteredWasm } from "./scripts/meter-wasm.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

// A fresh key pair per run: tests never depend on the developer's .dev.vars.
// The runner itself gets no key; auth, bank and profiles are the real workers
// (bundled while this config loads), reached through the runner's own service bindings.
// The interpreter binary the runner imports is built, not committed.
ensureMeteredWasm();
const keys = await generateCapabilityKeys();
const backends = await auxiliaryWorkerOptions(["auth", "bank", "profiles"], "profile-runner", keys);

export default defineConfig({
  root: here,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: join(here, "wrangler.toml") },
      miniflare: {
        workers: backends.workers,
        // Test-only: the backends' databases (same ids), so the setup can migrate them.
        d1Databases: d1Bindings(backends.databases),
        bindings: { TEST_DATABASES: await databasesToMigrate("profile-runner", backends.databases) },
        // Test-only: the tests play the frontend (register, store profiles, mint view tickets, send zoobars).
        serviceBindings: {
          TEST_AUTH_FRONTEND: { name: backends.services.auth, entrypoint: "AuthForFrontend" },
          TEST_BANK_FRONTEND: { name: backends.services.bank, entrypoint: "BankForFrontend" },
          TEST_PROFILES_FRONTEND: { name: backends.services.profiles, entrypoint: "ProfilesForFrontend" },
        },
      },
    }),
  ],
  test: {
    // bench/ only reports timings, so it runs only when asked for.
    include: process.env.PYODIDE_MEASURE ? ["bench/**/*.test.ts"] : ["test/**/*.test.ts"],
    setupFiles: ["../../test/workerd/apply-migrations.ts"],
    // A cold Pyodide boot takes seconds in workerd, more on a loaded machine;
    // registering users runs PBKDF2 at 100,000 iterations.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
