// Runs the whole app the way `npm start` does: local capability keys, local D1
// migrated, and every worker under one `wrangler dev` so the service bindings are live.
// The end-to-end tests and benchmarks start it through startApp() with their own
// port and state directory, so they never touch the developer's data.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureMeteredWasm } from "../workers/profile-runner/scripts/meter-wasm.mjs";
import { ensureDevKeys } from "./dev-keys.mjs";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = join(root, "node_modules/.bin/wrangler");

/**
 * The app runs as two workerd processes. The site (frontend, auth, bank,
 * profiles; the first config serves HTTP) is one; the profile runner is the
 * other, so that even the longest stretch of profile code the runner cannot
 * interrupt (work inside C, bounded by its CPU budget) never stalls pages,
 * logins or transfers. wrangler's dev registry (a directory private to this
 * app instance) connects their service bindings, RPC entrypoints included.
 */
export const SITE_CONFIGS = ["wrangler.toml", "workers/auth/wrangler.toml", "workers/bank/wrangler.toml", "workers/profiles/wrangler.toml"];
export const RUNNER_CONFIGS = ["workers/profile-runner/wrangler.toml"];

/** Each D1 database and the one worker config it belongs to. */
export const DATABASES = [
  { name: "zoobar-auth", config: "workers/auth/wrangler.toml" },
  { name: "zoobar-bank", config: "workers/bank/wrangler.toml" },
  { name: "zoobar-profiles", config: "workers/profiles/wrangler.toml" },
];

// wrangler must not wait on the network this machine may not have (metrics, the Request.cf lookup).
// The project's own Node (node_modules/.bin) comes first, so wrangler runs on it however this script was started.
const quietEnv = {
  ...process.env,
  PATH: `${join(root, "node_modules/.bin")}${delimiter}${process.env.PATH ?? ""}`,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CI: process.env.CI ?? "true",
};

export function migrateLocal(persistTo, { quiet = false } = {}) {
  for (const db of DATABASES) {
    const result = spawnSync(
      wrangler,
      ["d1", "migrations", "apply", db.name, "--local", "--persist-to", persistTo, "-c", db.config],
      { cwd: root, env: quietEnv, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" },
    );
    if (result.status !== 0) {
      throw new Error(`migrating ${db.name} failed (exit ${result.status})\n${result.stdout ?? ""}${result.stderr ?? ""}`);
    }
  }
}

/**
 * Starts all workers. Resolves once the frontend answers HTTP and the runner
 * is up; `stop()` ends both process groups, so nothing outlives the caller.
 */
export async function startApp({ port = 8787, persistTo = join(root, ".wrangler/state"), quiet = false, timeoutMs = 120_000 } = {}) {
  await ensureDevKeys();
  ensureMeteredWasm({ log: quiet ? () => {} : console.log });
  migrateLocal(persistTo, { quiet });
  const registry = mkdtempSync(join(tmpdir(), "zoobar-registry-"));
  const env = { ...quietEnv, WRANGLER_REGISTRY_PATH: registry };
  let output = "";
  const processes = [];
  const launch = async (configs, httpPort) => {
    const args = ["dev", ...configs.flatMap((c) => ["-c", c]), "--persist-to", persistTo, "--ip", "127.0.0.1", "--port", String(httpPort), "--inspector-port", String(await freePort())];
    const child = spawn(wrangler, args, { cwd: root, env, stdio: quiet ? ["ignore", "pipe", "pipe"] : ["inherit", "inherit", "inherit"], detached: true });
    if (quiet) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    processes.push({ child, exited });
    return `http://127.0.0.1:${httpPort}`;
  };
  const stopOne = async ({ child, exited }) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const stop = async () => {
    await Promise.all(processes.map(stopOne));
    rmSync(registry, { recursive: true, force: true });
  };
  const url = await launch(SITE_CONFIGS, port);
  const runnerUrl = await launch(RUNNER_CONFIGS, await freePort());
  /** Settles with the first process to exit. */
  const exited = Promise.race(processes.map((p) => p.exited));
  let exitedEarly = null;
  exited.then((r) => (exitedEarly = r));
  const deadline = Date.now() + timeoutMs;
  const waitFor = async (probe, what) => {
    while (true) {
      if (exitedEarly) {
        await stop();
        throw new Error(`wrangler dev exited (${JSON.stringify(exitedEarly)}) before ${what} was up:\n${output}`);
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${what} did not come up within ${timeoutMs} ms:\n${output}`);
      }
      try {
        if (await probe()) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  await waitFor(async () => (await fetch(runnerUrl)).status === 404, "the profile runner");
  await waitFor(async () => (await fetch(`${url}/login`, { redirect: "manual" })).status < 500, "the site");
  return { url, stop, exited, output: () => output, children: processes.map((p) => p.child) };
}

/** A loopback port nobody is listening on right now. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The app on a free port with a state directory of its own, for tests and
 * benchmarks: `stop()` also deletes that state, so nothing is left behind.
 */
export async function startThrowawayApp(label) {
  const persistTo = mkdtempSync(join(tmpdir(), `zoobar-${label}-`));
  try {
    const app = await startApp({ port: await freePort(), persistTo, quiet: true });
    return {
      ...app,
      stop: async () => {
        await app.stop();
        rmSync(persistTo, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(persistTo, { recursive: true, force: true });
    throw e;
  }
}
