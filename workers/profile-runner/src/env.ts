import type { AuthForRunnerApi, BankForRunnerApi, ProfilesForRunnerApi } from "@zoobar/shared";
import type { ProfileSandbox } from "./sandbox/durable-object";

export interface Env {
  AUTH: Service & AuthForRunnerApi;
  BANK: Service & BankForRunnerApi;
  PROFILES: Service & ProfilesForRunnerApi;
  SANDBOXES: DurableObjectNamespace<ProfileSandbox>;
  /** [vars] in wrangler.toml; see limits(). */
  PY_CPU_BUDGET_UNITS?: string;
  RUN_WALL_MS?: string;
  OUTPUT_MAX_BYTES?: string;
  WARM_INTERPRETERS?: string;
}

/** Work units per second of typical Python on this machine (measured: bench/cpu-units.measure.test.ts). */
export const UNITS_PER_SECOND = 300_000_000;

export interface Limits {
  /** Work units (wasm function entries and loop iterations, see fuel-meter.ts) one run may spend. */
  cpuUnits: number;
  /** Wall time for a whole run, API waits included. */
  wallMs: number;
  outputBytes: number;
  /** Interpreters kept warm per isolate. */
  warmInterpreters: number;
}

function positive(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

export function limits(env: Env): Limits {
  return {
    cpuUnits: positive(env.PY_CPU_BUDGET_UNITS, UNITS_PER_SECOND),
    wallMs: positive(env.RUN_WALL_MS, 10_000),
    outputBytes: positive(env.OUTPUT_MAX_BYTES, 256 * 1024),
    warmInterpreters: positive(env.WARM_INTERPRETERS, 32),
  };
}
