import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  plugins: [cloudflareTest({ wrangler: { configPath: join(here, "wrangler.toml") } })],
  test: {
    // bench/ only reports timings, so it runs only when asked for.
    include: process.env.PYODIDE_MEASURE ? ["bench/**/*.test.ts"] : ["test/**/*.test.ts"],
    // A cold Pyodide boot takes seconds in workerd, more on a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
