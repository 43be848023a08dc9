// One ProfileSandbox per profile owner (named by the exact, NFC-normalized
// username, so "a/b", "a_b" and ".." are three objects). It holds the owner's
// /data in its SQLite storage and runs the owner's code, one run at a time.

import { DurableObject } from "cloudflare:workers";
import type { ProfileRun, Result, ViewGrant } from "@zoobar/shared";
import { limits, type Env } from "../env";
import { DataStore } from "./data-store";
import { Interpreter } from "./interpreter";
import { SerialQueue } from "./serial-queue";
import { keepWarm, takeWarm } from "./warm-pool";

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
    const interpreter = await this.interpreter();
    const started = performance.now();
    let report;
    try {
      report = await interpreter.run(profile, grant, this.env, config);
    } catch (error) {
      interpreter.discard("run failed");
      this.warm = undefined;
      console.error("profile-runner: run failed", error);
      return { ok: false, error: "The profile could not be run." };
    }
    this.stats.runs++;
    this.stats.lastRunMs = performance.now() - started;
    this.stats.lastRunUnits = report.units;
    if (report.data) {
      try {
        this.store.commit(interpreter.data, report.data);
        interpreter.data = report.data;
      } catch (error) {
        console.error("profile-runner: saving /data failed", error);
        report.discard ||= "saving /data failed";
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
