// The JavaScript half of api.call. Python checks arguments first for clear
// messages (it can tell int from float and bool); this side checks them again,
// because anything Python can reach, profile code can call directly. Requests
// and replies cross as JSON text, so no JavaScript object is handed to Python.
//
// A bridge belongs to one run. Once the run has ended it answers every call
// with an error, and a call that was in flight when the run ended never
// settles: the old run's Python stack must never resume.
//
// A run may make at most `API_MAX_CALLS` calls (limits().apiCalls); each call
// past that is answered with an error, which Python raises as api.APIError,
// without reaching any service.

import { normalizeUsername, type Transfer, type ViewGrant } from "@zoobar/shared";
import { limits, type Env } from "../env";

export const RUN_ENDED = "this run has ended: an api handle kept from an earlier run cannot be used";

/**
 * The longest request text the bridge reads. A real request (a method name and
 * a username of at most 64 characters, or a target and an amount) is far
 * shorter; refusing longer ones before parsing keeps a profile from buying
 * seconds of unmetered JavaScript work (JSON.parse, NFC normalization,
 * splitting into characters) with one call of a huge string.
 */
export const MAX_REQUEST_CHARS = 4096;

export interface RunState {
  active: boolean;
  /**
   * True while the run's stack is suspended mid-computation (its turn given
   * away): Pyodide refuses to start another task then, so callbacks wait.
   */
  preempted?: () => boolean;
  /** api calls this run has made so far (counted by its bridge). */
  calls?: number;
}

export function tooManyCalls(max: number): string {
  return `api call limit reached: a profile may make at most ${max} api.call()s per view`;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

/** A run's bridge: call it with a JSON request; `schedule` is the run's asyncio scheduler (below). */
export type Bridge = ((request: string) => Promise<string>) & { schedule: RunScheduler };

export function makeBridge(run: RunState, grant: ViewGrant, env: Env): Bridge {
  return Object.assign(callBridge(run, grant, env), { schedule: makeRunScheduler(run) });
}

function callBridge(run: RunState, grant: ViewGrant, env: Env): (request: string) => Promise<string> {
  const maxCalls = limits(env).apiCalls;
  return async (request: string) => {
    if (!run.active) return JSON.stringify({ ok: false, error: RUN_ENDED });
    run.calls = (run.calls ?? 0) + 1;
    if (run.calls > maxCalls) return JSON.stringify({ ok: false, error: tooManyCalls(maxCalls) });
    if (typeof request === "string" && request.length > MAX_REQUEST_CHARS) {
      return JSON.stringify({ ok: false, error: `api request too large (at most ${MAX_REQUEST_CHARS} characters)` });
    }
    let reply: Reply;
    try {
      reply = await dispatch(request, grant, env);
    } catch (error) {
      console.error("profile-runner: api call failed", error);
      reply = { ok: false, error: "the service behind this api call is unavailable" };
    }
    if (!run.active) return new Promise<string>(() => {});
    return JSON.stringify(reply);
  };
}

async function dispatch(request: unknown, grant: ViewGrant, env: Env): Promise<Reply> {
  const parsed = typeof request === "string" ? safeParse(request) : undefined;
  if (!parsed || typeof parsed.name !== "string" || typeof parsed.args !== "object" || parsed.args === null) {
    return { ok: false, error: "malformed api request" };
  }
  const args = parsed.args as Record<string, unknown>;
  const keys = Object.keys(args).sort().join(",");
  const text = (k: string) => (typeof args[k] === "string" ? (args[k] as string) : undefined);
  switch (parsed.name) {
    case "get_self":
      return keys === "" ? { ok: true, value: grant.owner } : badArgs(parsed.name);
    case "get_visitor":
      return keys === "" ? { ok: true, value: grant.visitor } : badArgs(parsed.name);
    case "get_user_info": {
      const raw = text("username");
      if (keys !== "username" || raw === undefined) return badArgs(parsed.name);
      return { ok: true, value: await userInfo(raw, env) };
    }
    case "get_xfers": {
      const raw = text("username");
      if (keys !== "username" || raw === undefined) return badArgs(parsed.name);
      return { ok: true, value: await transfers(raw, env) };
    }
    case "xfer": {
      const target = text("target");
      const zoobars = args.zoobars;
      if (keys !== "target,zoobars" || target === undefined) return badArgs(parsed.name);
      if (typeof zoobars !== "number" || !Number.isSafeInteger(zoobars) || zoobars <= 0) {
        return { ok: false, error: "zoobars must be a positive whole number" };
      }
      const result = await env.BANK.xferFromOwner(grant.runToken, target, zoobars);
      return result.ok ? { ok: true, value: null } : { ok: false, error: result.error };
    }
    default:
      return { ok: false, error: `no such api method: ${parsed.name}` };
  }
}

async function userInfo(raw: string, env: Env) {
  const name = normalizeUsername(raw);
  if (!name.ok) return null;
  const [zoobars, profile] = await Promise.all([env.BANK.getBalance(name.username), env.PROFILES.getProfile(name.username)]);
  if (zoobars === null) return null;
  return { username: name.username, profile, zoobars };
}

async function transfers(raw: string, env: Env) {
  const name = normalizeUsername(raw);
  if (!name.ok) return [];
  const list: Transfer[] = await env.BANK.getTransfers(name.username);
  return list.map((t) => ({ sender: t.sender, recipient: t.recipient, amount: t.amount, time: t.time }));
}

function badArgs(name: string): Reply {
  return { ok: false, error: `wrong arguments for api method ${name}` };
}

function safeParse(text: string): { name?: unknown; args?: unknown } | undefined {
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

// ---- The run's asyncio scheduler (issue 4, "nothing left behind") ----
//
// asyncio's event loop in Pyodide hands every callback (call_soon, call_later,
// a task's next step) to a JavaScript scheduler. Pyodide's own one fires
// whenever the delay is up, long after the run that scheduled it, so the harness
// drops it and installs this one for each run instead. A callback fires only
// while its run is active; one that comes due later is destroyed unrun, so it
// can never print into, or call the API for, a later run. Profile code can
// reach and call this too: it can then schedule callbacks only into its own run.

type RunScheduler = (callback: unknown, delayMs?: unknown) => void;
type PyCallable = ((...args: unknown[]) => unknown) & { destroy?: () => void };

export function makeRunScheduler(run: RunState): RunScheduler {
  const drop = (callback: PyCallable) => {
    try {
      callback.destroy?.();
    } catch {
      // Already destroyed (a once-callable that ran): nothing to free.
    }
  };
  return (callback: unknown, delayMs?: unknown) => {
    if (typeof callback !== "function") throw new TypeError("schedule needs a function");
    const fn = callback as PyCallable;
    if (!run.active) return drop(fn);
    const delay = typeof delayMs === "number" && delayMs > 0 ? delayMs : 0;
    const fire = () => {
      if (!run.active) return drop(fn);
      if (run.preempted?.()) return void setTimeout(fire, 1);
      try {
        // A callback may start a task through JSPI and answer with a promise.
        const result = fn() as { then?: unknown } | undefined;
        if (result && typeof result.then === "function") {
          (result as Promise<unknown>).then(undefined, (error) => {
            if (run.active) console.error("profile-runner: asyncio callback failed", error);
          });
        }
      } catch (error) {
        console.error("profile-runner: asyncio callback failed", error);
      }
    };
    setTimeout(fire, delay);
  };
}
