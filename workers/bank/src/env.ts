import type { AuthSessionCheckApi } from "@zoobar/shared";

export interface Env {
  BANK_DB: D1Database;
  /** Service binding to auth's AuthForBank entrypoint: it can only answer isSessionLive. */
  AUTH: AuthSessionCheckApi;
  /** Ed25519 public JWK (JSON text) matching auth's signing key. */
  AUTH_VERIFY_KEY: string;
}
