import { defineConfig } from "drizzle-kit";

// Run from the repo root: drizzle-kit generate --config workers/auth/drizzle.config.ts
export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/auth/src/schema.ts",
  out: "./migrations/auth",
});
