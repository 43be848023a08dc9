// End-to-end and browser tests: plain Node, one app started for all of them.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "e2e",
    root: import.meta.dirname,
    include: ["e2e/**/*.test.ts", "browser/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./support/app-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
