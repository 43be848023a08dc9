// Runs the real auth worker beside a worker under test. Node side (used by
// vitest.config.ts and its globalSetup), hence plain JavaScript like scripts/lib. Nothing about auth is mocked: the
// bundle is auth's own source built by wrangler from auth's own wrangler.toml,
// and the database it gets is the one its config names, migrated by the tests.

import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const authConfigPath = join(repoRoot, "workers/auth/wrangler.toml");

/** Where the bundle for one consumer's tests goes; separate per consumer so parallel runs do not clobber each other. */
/** @param {string} consumer */
export function authBundleDir(consumer) {
  return join(repoRoot, ".wrangler/test-build", `auth-for-${consumer}`);
}

/** Bundles workers/auth exactly as `wrangler deploy` would, without deploying. */
/** @param {string} consumer */
export async function buildAuthWorker(consumer) {
  const outdir = authBundleDir(consumer);
  await mkdir(outdir, { recursive: true });
  const wrangler = join(repoRoot, "node_modules/wrangler/bin/wrangler.js");
  try {
    await promisify(execFile)(
      process.execPath,
      [wrangler, "deploy", "--dry-run", "--config", authConfigPath, "--outdir", outdir],
      { cwd: repoRoot, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
    );
  } catch (e) {
    const out = /** @type {{ stdout?: string, stderr?: string }} */ (e);
    throw new Error(`Could not build workers/auth for the ${consumer} tests:\n${out.stdout ?? ""}\n${out.stderr ?? ""}`);
  }
}

/**
 * @typedef {{ name: string, compatibilityDate: string, compatibilityFlags: string[],
 *   d1: { binding: string, id: string, migrationsDir: string } }} AuthConfig
 */

/**
 * The parts of auth's wrangler.toml the auxiliary worker needs.
 * @returns {Promise<AuthConfig>}
 */
export async function readAuthConfig() {
  const { unstable_readConfig } = await import("wrangler");
  const config = unstable_readConfig({ config: authConfigPath });
  const db = config.d1_databases[0];
  if (!config.name || !config.compatibility_date || !db?.database_id || !db.migrations_dir) {
    throw new Error("workers/auth/wrangler.toml lacks a name, compatibility_date or D1 database with migrations_dir");
  }
  return {
    name: config.name,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    d1: { binding: db.binding, id: db.database_id, migrationsDir: join(repoRoot, "workers/auth", db.migrations_dir) },
  };
}

/**
 * Miniflare options for auth as an auxiliary worker, signing with the test run's key.
 * @param {AuthConfig} config @param {string} consumer @param {string} signingJwk
 */
export function authWorkerOptions(config, consumer, signingJwk) {
  return {
    name: config.name,
    modules: true,
    // The bundle lives outside the worker under test's directory; module paths are resolved from here.
    modulesRoot: authBundleDir(consumer),
    scriptPath: join(authBundleDir(consumer), "index.js"),
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: config.compatibilityFlags,
    d1Databases: { [config.d1.binding]: config.d1.id },
    bindings: { AUTH_SIGNING_KEY: signingJwk },
  };
}
