// `npm test` runs every project: each worker in workerd, then the whole app end to end.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["workers/*/vitest.config.ts", "test/vitest.config.ts"],
  },
});
