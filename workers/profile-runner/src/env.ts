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
  API_MAX_CALLS?: string;
  DATA_MAX_BYTES?: string;
  DATA_MAX_ENTRIES?: string;
  DATA_MAX_FILE_BYTES?: string;
  DATA_MAX_PATH_BYTES?: string;
  FS_MAX_NAME_BYTES?: string;
  SCRATCH_MAX_BYTES?: string;
  SCRATCH_MAX_ENTRIES?: string;
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
  /** api.call()s one run may make; past it each call raises api.APIError. */
  apiCalls: number;
  files: FileLimits;
}

/** What the file system lets a profile hold (see file-quota.ts). */
export interface FileLimits {
  /** The owner's /data: bytes of all files (and symbolic link targets) together. */
  dataBytes: number;
  /** The owner's /data: files, directories and symbolic links. */
  dataEntries: number;
  /** Size of any one file in /data. */
  fileBytes: number;
  /** Length of a whole path under /data ("/data/a/b.txt"), UTF-8 bytes. */
  pathBytes: number;
  /** Length of one name (path component) anywhere, UTF-8 bytes. */
  nameBytes: number;
  /** Scratch (everything outside /data, and open files that were deleted): bytes beyond what was there at boot. */
  scratchBytes: number;
  /** Scratch: entries beyond what was there at boot. */
  scratchEntries: number;
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
    apiCalls: positive(env.API_MAX_CALLS, 200),
    files: {
      dataBytes: positive(env.DATA_MAX_BYTES, 4 * 1024 * 1024),
      dataEntries: positive(env.DATA_MAX_ENTRIES, 256),
      fileBytes: positive(env.DATA_MAX_FILE_BYTES, 1024 * 1024),
      pathBytes: positive(env.DATA_MAX_PATH_BYTES, 1024),
      nameBytes: positive(env.FS_MAX_NAME_BYTES, 255),
      scratchBytes: positive(env.SCRATCH_MAX_BYTES, 32 * 1024 * 1024),
      scratchEntries: positive(env.SCRATCH_MAX_ENTRIES, 4096),
    },
  };
}
