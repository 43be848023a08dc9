import { defineConfig } from "drizzle-kit";

// Run from the repository root: drizzle-kit generate --config workers/bank/drizzle.config.ts
export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/bank/src/schema.ts",
  out: "./migrations/bank",
});
