import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { generateCapabilityKeys } from "../../scripts/lib/keys.mjs";
// The same harness the bank's tests use to run the real auth worker beside the one under test.
import { authWorkerOptions, readAuthConfig, repoRoot } from "../bank/test/support/auxiliary-auth.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

// A fresh key pair per run: tests never depend on the developer's .dev.vars.
const keys = await generateCapabilityKeys();
const auth = await readAuthConfig();
const profilesMigrations = await readD1Migrations(join(repoRoot, "migrations/profiles"));
const authMigrations = await readD1Migrations(auth.d1.migrationsDir);

export default defineConfig({
  root: here,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: join(here, "wrangler.toml") },
      miniflare: {
        bindings: {
          AUTH_VERIFY_KEY: keys.verifyJwk,
          // Test-only: lets tests sign tokens auth would never mint (expired,
          // for a mismatched session) to show this worker checks each property.
          TEST_SIGNING_KEY: keys.signingJwk,
          TEST_PROFILES_MIGRATIONS: profilesMigrations,
          TEST_AUTH_MIGRATIONS: authMigrations,
        },
        // Test-only: auth's own database (same id), so the setup can migrate it.
        d1Databases: { TEST_AUTH_DB: auth.d1.id },
        // Test-only: the tests play the frontend, registering users and minting tokens.
        serviceBindings: { TEST_AUTH_FRONTEND: { name: auth.name, entrypoint: "AuthForFrontend" } },
        workers: [authWorkerOptions(auth, "profiles", keys.signingJwk)],
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.mjs"],
    setupFiles: ["test/support/apply-migrations.ts"],
    // Registering users runs PBKDF2 at 100,000 iterations, deliberately slow.
    testTimeout: 60_000,
  },
});
