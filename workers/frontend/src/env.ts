import type { AuthForFrontendApi, BankForFrontendApi, ProfilesForFrontendApi, RunnerForFrontendApi } from "@zoobar/shared";

/** The frontend's bindings: four narrow RPC entrypoints and its static files. No database, no secrets. */
export interface Env {
  AUTH: AuthForFrontendApi;
  BANK: BankForFrontendApi;
  PROFILES: ProfilesForFrontendApi;
  /** Runs executable profiles; it accepts only view tickets from auth. */
  RUNNER: RunnerForFrontendApi;
  ASSETS: Fetcher;
}

export interface Viewer {
  username: string;
  /** The session cookie value, needed to ask auth for capabilities on the viewer's behalf. */
  session: string;
}

export type AppEnv = { Bindings: Env; Variables: { viewer: Viewer | null } };
