import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Idempotent: applyD1Migrations records what it has applied.
await applyD1Migrations(env.AUTH_DB, env.TEST_MIGRATIONS);
