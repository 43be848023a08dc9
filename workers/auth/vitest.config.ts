import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { generateCapabilityKeys } from "../../scripts/lib/keys.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

// A fresh key pair per run: tests never depend on the developer's .dev.vars.
// TEST_VERIFY_KEY exists only in tests, standing in for the bank/profiles side.
const keys = await generateCapabilityKeys();
const migrations = await readD1Migrations(join(here, "../../migrations/auth"));

export default defineConfig({
  root: here,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: join(here, "wrangler.toml") },
      miniflare: {
        bindings: {
          AUTH_SIGNING_KEY: keys.signingJwk,
          TEST_VERIFY_KEY: keys.verifyJwk,
          TEST_MIGRATIONS: migrations,
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/apply-migrations.ts"],
    // PBKDF2 at 100,000 iterations is deliberately slow.
    testTimeout: 30_000,
  },
});
