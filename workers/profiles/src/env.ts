import type { AuthSessionCheckApi } from "@zoobar/shared";

export interface Env {
  PROFILES_DB: D1Database;
  /** Service binding to auth's AuthForProfiles entrypoint: it can only answer isSessionLive. */
  AUTH: AuthSessionCheckApi;
  /** Ed25519 public JWK (JSON text) matching auth's signing key. */
  AUTH_VERIFY_KEY: string;
}
