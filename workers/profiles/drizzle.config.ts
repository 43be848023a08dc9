import { defineConfig } from "drizzle-kit";

// Run from the repository root: drizzle-kit generate --config workers/profiles/drizzle.config.ts
export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/profiles/src/schema.ts",
  out: "./migrations/profiles",
});
