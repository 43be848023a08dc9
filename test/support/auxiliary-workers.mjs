// Runs real workers beside a worker under test in workerd (miniflare auxiliary
// workers). Node side (the workers' vitest.config.ts files and their
// globalSetup), hence plain JavaScript like scripts/lib. Nothing is mocked: each
// bundle is that worker's own source built by wrangler from its own
// wrangler.toml, with the D1 databases and service bindings that config declares.

import { execFile } from "node:child_process";
import { mkdir, readdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ensureMeteredWasm } from "../../workers/profile-runner/scripts/meter-wasm.mjs";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The secrets each worker gets in tests, by binding name, from the run's fresh key pair. A worker not listed gets
 * none (the profile-runner holds no key at all).
 * @type {Record<string, Record<string, "signingJwk" | "verifyJwk">>}
 */
const KEY_BINDINGS = {
  auth: { AUTH_SIGNING_KEY: "signingJwk" },
  bank: { AUTH_VERIFY_KEY: "verifyJwk" },
  profiles: { AUTH_VERIFY_KEY: "verifyJwk" },
};

/** @param {string} worker @param {{ signingJwk: string, verifyJwk: string }} keys */
function keyBindings(worker, keys) {
  return Object.fromEntries(Object.entries(KEY_BINDINGS[worker] ?? {}).map(([binding, key]) => [binding, keys[key]]));
}

/** The frontend's config is the root one (the app's front door); every other worker's sits beside its code. */
/** @param {string} worker */
export function wranglerConfigPath(worker) {
  return worker === "frontend" ? join(repoRoot, "wrangler.toml") : join(repoRoot, "workers", worker, "wrangler.toml");
}

/** Separate per consumer, so two projects' global setups running at once do not clobber each other's bundles. */
/** @param {string} worker @param {string} consumer */
function bundleDir(worker, consumer) {
  return join(repoRoot, ".wrangler/test-build", `${worker}-for-${consumer}`);
}

/** One build per worker and consumer per test process, whoever asks first (config or globalSetup). */
const builds = new Map();

/**
 * Bundles each named worker exactly as `wrangler deploy` would, without deploying.
 * @param {string[]} names @param {string} consumer
 */
export async function buildAuxiliaryWorkers(names, consumer) {
  await Promise.all(
    names.map((worker) => {
      const key = `${worker}-for-${consumer}`;
      if (!builds.has(key)) builds.set(key, buildOne(worker, consumer));
      return builds.get(key);
    }),
  );
}

/** @param {string} worker @param {string} consumer */
async function buildOne(worker, consumer) {
  if (worker === "profile-runner") ensureMeteredWasm();
  const wrangler = join(repoRoot, "node_modules/wrangler/bin/wrangler.js");
  const outdir = bundleDir(worker, consumer);
  await mkdir(outdir, { recursive: true });
  try {
    await promisify(execFile)(
      process.execPath,
      [wrangler, "deploy", "--dry-run", "--config", wranglerConfigPath(worker), "--outdir", outdir],
      { cwd: repoRoot, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
    );
  } catch (e) {
    const out = /** @type {{ stdout?: string, stderr?: string }} */ (e);
    throw new Error(`Could not build workers/${worker} for the ${consumer} tests:\n${out.stdout ?? ""}\n${out.stderr ?? ""}`);
  }
}

/**
 * The bundle's modules, typed as wrangler's rules typed them (miniflare 5 takes no rules for a prebuilt bundle):
 * JavaScript, precompiled wasm, the standard library as bytes, Python source as text.
 * @param {string} dir
 */
async function bundleModules(dir) {
  /** @type {Record<string, string>} */
  const TYPE_BY_SUFFIX = { ".js": "ESModule", ".mjs": "ESModule", ".wasm": "CompiledWasm", ".zip": "Data", ".py": "Text" };
  const modules = [{ type: "ESModule", path: join(dir, "index.js") }];
  for (const file of await readdir(dir)) {
    if (file === "index.js") continue;
    const suffix = Object.keys(TYPE_BY_SUFFIX).find((s) => file.endsWith(s));
    if (suffix) modules.push({ type: TYPE_BY_SUFFIX[suffix], path: join(dir, file) });
  }
  return modules;
}

/**
 * @typedef {{ binding: string, id: string, migrationsDir: string }} TestDatabase
 *   a D1 database as the worker under test's setup sees it: its binding there, the id it shares with its owner,
 *   and where its migrations live.
 */

/** @param {string} worker */
async function readConfig(worker) {
  const { unstable_readConfig } = await import("wrangler");
  const path = wranglerConfigPath(worker);
  const config = unstable_readConfig({ config: path });
  if (!config.name || !config.compatibility_date) {
    throw new Error(`${path} lacks a name or compatibility_date`);
  }
  /** @type {TestDatabase[]} */
  const databases = (config.d1_databases ?? []).map((db) => {
    if (!db.database_id || !db.migrations_dir) throw new Error(`${path}: D1 binding ${db.binding} lacks a database_id or migrations_dir`);
    return { binding: db.binding, id: db.database_id, migrationsDir: resolve(dirname(path), db.migrations_dir) };
  });
  return { config, databases };
}

/**
 * Miniflare options for the named workers as auxiliaries of the consumer's tests, holding the run's keys, plus
 * test-only handles on their databases: each as TEST_<binding>, same id, so the consumer's setup can migrate it.
 * `services` maps each name to its service name, for test-only service bindings into it.
 * @param {string[]} names @param {string} consumer @param {{ signingJwk: string, verifyJwk: string }} keys
 */
export async function auxiliaryWorkerOptions(names, consumer, keys) {
  const workers = [];
  /** @type {TestDatabase[]} */
  const databases = [];
  /** @type {Record<string, string>} */
  const services = {};
  await buildAuxiliaryWorkers(names, consumer);
  for (const worker of names) {
    const { config, databases: own } = await readConfig(worker);
    const d1Databases = Object.fromEntries(own.map((db) => [db.binding, db.id]));
    for (const db of own) databases.push({ ...db, binding: `TEST_${db.binding}` });
    const serviceBindings = Object.fromEntries(
      (config.services ?? []).map((s) => [s.binding, { name: s.service, entrypoint: s.entrypoint }]),
    );
    services[worker] = /** @type {string} */ (config.name);
    const sqliteClasses = new Set((config.migrations ?? []).flatMap((m) => m.new_sqlite_classes ?? []));
    const durableObjects = Object.fromEntries(
      (config.durable_objects?.bindings ?? []).map((d) => [
        d.name,
        { className: d.class_name, scriptName: d.script_name, useSQLite: sqliteClasses.has(d.class_name) },
      ]),
    );
    workers.push({
      name: config.name,
      // The bundle lives outside the consumer's directory; module names are relative to it.
      modulesRoot: bundleDir(worker, consumer),
      modules: await bundleModules(bundleDir(worker, consumer)),
      compatibilityDate: config.compatibility_date,
      compatibilityFlags: config.compatibility_flags ?? [],
      d1Databases,
      durableObjects,
      serviceBindings,
      bindings: keyBindings(worker, keys),
    });
  }
  return { workers, databases, services };
}

/**
 * The value of the TEST_DATABASES binding that test/workerd/apply-migrations.ts migrates: the consumer's own
 * databases (from its wrangler.toml) first, then the given auxiliaries' ones, each with its migrations read.
 * @param {string} consumer @param {TestDatabase[]} auxiliaryDatabases
 */
export async function databasesToMigrate(consumer, auxiliaryDatabases) {
  const { readD1Migrations } = await import("@cloudflare/vitest-plugin");
  const { databases: own } = await readConfig(consumer);
  return Promise.all(
    [...own, ...auxiliaryDatabases].map(async (db) => ({ binding: db.binding, migrations: await readD1Migrations(db.migrationsDir) })),
  );
}

/** miniflare d1Databases binding each database into the worker under test. @param {TestDatabase[]} databases */
export function d1Bindings(databases) {
  return Object.fromEntries(databases.map((db) => [db.binding, db.id]));
}

/**
 * Miniflare options for the tests of a worker that checks auth's tokens (bank, profiles): the real auth worker beside
 * it, the worker's own key, and test-only bindings for tests that play the frontend (registering users and minting
 * tokens at auth) and forge what auth never would. Its own bindings otherwise come from its wrangler.toml.
 * @param {string} consumer @param {{ signingJwk: string, verifyJwk: string }} keys
 */
export async function besideRealAuth(consumer, keys) {
  const auth = await auxiliaryWorkerOptions(["auth"], consumer, keys);
  return {
    workers: auth.workers,
    bindings: {
      ...keyBindings(consumer, keys),
      // Test-only: lets tests sign tokens auth would never mint (expired, for a
      // mismatched session) to show the worker checks each property.
      TEST_SIGNING_KEY: keys.signingJwk,
      // Test-only: what the setup file migrates, the worker's own database and auth's.
      TEST_DATABASES: await databasesToMigrate(consumer, auth.databases),
    },
    // Test-only: auth's own database (same id), so the setup can migrate it.
    d1Databases: d1Bindings(auth.databases),
    // Test-only: the tests play the frontend.
    serviceBindings: {
      TEST_AUTH_FRONTEND: { name: auth.services.auth, entrypoint: "AuthForFrontend" },
      TEST_AUTH_RUNNER: { name: auth.services.auth, entrypoint: "AuthForRunner" },
    },
  };
}
