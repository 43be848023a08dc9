import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { generateCapabilityKeys } from "../../scripts/lib/keys.mjs";
import { databasesToMigrate } from "../../test/support/auxiliary-workers.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

// A fresh key pair per run: tests never depend on the developer's .dev.vars.
// TEST_VERIFY_KEY exists only in tests, standing in for the bank/profiles side.
const keys = await generateCapabilityKeys();

export default defineConfig({
  root: here,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: join(here, "wrangler.toml") },
      miniflare: {
        bindings: {
          AUTH_SIGNING_KEY: keys.signingJwk,
          TEST_VERIFY_KEY: keys.verifyJwk,
          // Test-only: what the setup file migrates, auth's own database.
          TEST_DATABASES: await databasesToMigrate("auth", []),
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["../../test/workerd/apply-migrations.ts"],
    // PBKDF2 at 100,000 iterations is deliberately slow.
    testTimeout: 30_000,
  },
});
