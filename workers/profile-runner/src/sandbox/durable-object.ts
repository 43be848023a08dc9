// One ProfileSandbox per profile owner (named by the exact, NFC-normalized
// username, so "a/b", "a_b" and ".." are three objects). It holds the owner's
// /data in its SQLite storage and runs the owner's code, one run at a time.

import { DurableObject } from "cloudflare:workers";
import type { ProfileRun, Result, ViewGrant } from "@zoobar/shared";
import { limits, type Env } from "../env";
import { DataStore, withDataNotSaved } from "./data-store";
import { Interpreter } from "./interpreter";
import { takeTurn } from "./cpu-scheduler";
import { SerialQueue } from "./serial-queue";
import { keepWarm, takeWarm } from "./warm-pool";

/**
 * A profile that just spent its whole CPU budget, ran out of wall time or
 * ran out of memory runs with a tenth of its CPU and wall time for the next minute (while its text is
 * unchanged): spinning or stalling profiles viewed over and over then cost
 * little, and work inside C, which cannot give the thread away, holds up this
 * owner's neighbours in the runner for less.
 */
const CPU_PENALTY_MS = 60_000;
const CPU_PENALTY_DIVISOR = 10;
/**
 * And it runs at most once per this long: views in between get the limit
 * message at once, without booting a fresh interpreter (which is work no turn
 * can interrupt). So a crowd viewing spinning profiles costs the runner a
 * bounded share of the thread, whatever the crowd's size.
 */
const CPU_PENALTY_COOLDOWN_MS = 3_000;

/** A program profile starts with this line; anything else is plain text the frontend shows itself. */
const PYTHON_MARK = /^#!python[ \t]*(\r?\n|$)/;

export interface SandboxStats {
  boots: number;
  reuses: number;
  runs: number;
  /** Why the last discarded interpreter was not kept. */
  lastDiscard: string;
  /** Timings of the latest run, ms. */
  lastBootMs?: number;
  lastRunMs?: number;
  /** Work units the latest run spent. */
  lastRunUnits?: number;
}

export class ProfileSandbox extends DurableObject<Env> {
  private readonly queue = new SerialQueue();
  private readonly store: DataStore;
  private warm: Interpreter | undefined;
  private readonly stats: SandboxStats = { boots: 0, reuses: 0, runs: 0, lastDiscard: "" };
  /** The profile text that last spent its whole CPU budget, and until when it runs on a reduced one. */
  private cpuPenalty: { profile: string; until: number; lastRun: number } | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new DataStore(ctx.storage.sql, ctx.storage);
  }

  /** Runs the owner's profile for the grant's visitor. Called only by this worker's RunnerForFrontend. */
  async run(grant: ViewGrant): Promise<Result<{ run: ProfileRun }>> {
    return this.queue.run(() => this.runNow(grant));
  }

  /** Counters for tests and measurements. */
  async inspect(): Promise<SandboxStats> {
    return { ...this.stats };
  }

  private async runNow(grant: ViewGrant): Promise<Result<{ run: ProfileRun }>> {
    // This object belongs to one owner for ever: a grant for anyone else is a bug upstream.
    const owner = this.store.getMeta("owner");
    if (owner === undefined) this.store.setMeta("owner", grant.owner);
    else if (owner !== grant.owner) return { ok: false, error: "This sandbox belongs to another profile." };

    const profile = (await this.env.PROFILES.getProfile(grant.owner)).replace(/\r\n?/g, "\n");
    if (!PYTHON_MARK.test(profile)) return { ok: false, error: "This profile is not a Python program." };

    const config = limits(this.env);
    const penalty = this.cpuPenalty?.profile === profile && Date.now() < this.cpuPenalty.until ? this.cpuPenalty : undefined;
    const penalized = penalty !== undefined;
    if (penalty && Date.now() - penalty.lastRun < CPU_PENALTY_COOLDOWN_MS) {
      return {
        ok: true,
        run: {
          output: "",
          outcome: "limit",
          error: {
            type: "LimitExceeded",
            message: `This profile used up its whole budget moments ago, so it was not run again yet: it runs at most once every ${CPU_PENALTY_COOLDOWN_MS / 1000} s until it stays within its budget.`,
          },
        },
      };
    }
    const runLimits = penalized
      ? { ...config, cpuUnits: Math.max(1, Math.floor(config.cpuUnits / CPU_PENALTY_DIVISOR)), wallMs: Math.max(1000, Math.floor(config.wallMs / CPU_PENALTY_DIVISOR)) }
      : config;
    // A profile on the reduced budget starts only when no lighter run is
    // waiting for the thread (cpu-scheduler.ts): its first stretch may be
    // work inside C, which cannot give the thread away once begun.
    await takeTurn(penalized ? config.cpuUnits : 0, () => false);
    const interpreter = await this.interpreter();
    const started = performance.now();
    let report;
    try {
      report = await interpreter.run(profile, grant, this.env, runLimits);
    } catch (error) {
      interpreter.discard("run failed");
      this.warm = undefined;
      console.error("profile-runner: run failed", error);
      return { ok: false, error: "The profile could not be run." };
    }
    this.stats.runs++;
    // Spending a whole budget, or filling memory (which also costs a fresh boot next time).
    const exhausted = report.discard === "CPU budget spent" || report.discard === "wall-time limit" || report.run.error?.type === "MemoryError";
    if (exhausted) {
      this.cpuPenalty = { profile, until: Date.now() + CPU_PENALTY_MS, lastRun: Date.now() };
      if (penalized && report.run.error) {
        report.run.error.message += ` It ran on a tenth of the usual budget because it used up its whole budget less than ${CPU_PENALTY_MS / 1000} s ago.`;
      }
    } else {
      this.cpuPenalty = undefined;
    }
    this.stats.lastRunMs = performance.now() - started;
    this.stats.lastRunUnits = report.units;
    if (report.data) {
      try {
        this.store.commit(interpreter.data, report.data, config.files);
        interpreter.data = report.data;
      } catch (error) {
        console.error("profile-runner: saving /data failed", error);
        // The interpreter's /data now differs from storage: it must not run again.
        report.discard ||= "saving /data failed";
        report.run = withDataNotSaved(report.run, error);
      }
    }
    if (report.discard) {
      interpreter.discard(report.discard);
      this.warm = undefined;
      this.stats.lastDiscard = report.discard;
    } else {
      keepWarm(this, () => this.dropWarm(), config.warmInterpreters);
    }
    return { ok: true, run: report.run };
  }

  private async interpreter(): Promise<Interpreter> {
    takeWarm(this);
    if (this.warm && !this.warm.isDiscarded) {
      this.stats.reuses++;
      return this.warm;
    }
    const started = performance.now();
    this.warm = await Interpreter.boot(this.store.load());
    this.stats.boots++;
    this.stats.lastBootMs = performance.now() - started;
    return this.warm;
  }

  private dropWarm(): void {
    this.warm?.discard("evicted from the warm pool");
    this.warm = undefined;
  }
}
