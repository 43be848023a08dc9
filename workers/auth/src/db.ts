import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/** auth's bindings. AUTH_SIGNING_KEY is the Ed25519 private JWK (a secret; .dev.vars locally). */
export interface Env {
  AUTH_DB: D1Database;
  AUTH_SIGNING_KEY: string;
}

export type Db = ReturnType<typeof openDb>;

export function openDb(env: Env) {
  return drizzle(env.AUTH_DB, { schema });
}
