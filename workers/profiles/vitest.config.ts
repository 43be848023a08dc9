import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { generateCapabilityKeys } from "../../scripts/lib/keys.mjs";
import { besideRealAuth } from "../../test/support/auxiliary-workers.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

// A fresh key pair per run: tests never depend on the developer's .dev.vars.
const keys = await generateCapabilityKeys();

export default defineConfig({
  root: here,
  plugins: [
    cloudflareTest({
      wrangler: { configPath: join(here, "wrangler.toml") },
      // The real auth worker (bundled while this config loads) and the test-only bindings.
      miniflare: await besideRealAuth("profiles", keys),
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["../../test/workerd/apply-migrations.ts"],
    // Registering users runs PBKDF2 at 100,000 iterations, deliberately slow.
    testTimeout: 60_000,
  },
});
