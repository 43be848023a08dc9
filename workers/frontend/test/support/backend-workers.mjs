// The real auth, bank and profiles workers, run beside the frontend under test
// as auxiliary workers. Node side (vitest.config.ts and globalSetup), hence plain
// JavaScript. Nothing is mocked: each bundle is that worker's own source built by
// wrangler from its own wrangler.toml, with the bindings that config declares.

import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const BACKENDS = ["auth", "bank", "profiles"];

const bundleDir = (worker) => join(repoRoot, ".wrangler/test-build", `${worker}-for-frontend`);

/** Bundles each backend exactly as `wrangler deploy` would, without deploying. */
export async function buildBackendWorkers() {
  const wrangler = join(repoRoot, "node_modules/wrangler/bin/wrangler.js");
  await Promise.all(
    BACKENDS.map(async (worker) => {
      const outdir = bundleDir(worker);
      await mkdir(outdir, { recursive: true });
      const config = join(repoRoot, `workers/${worker}/wrangler.toml`);
      try {
        await promisify(execFile)(process.execPath, [wrangler, "deploy", "--dry-run", "--config", config, "--outdir", outdir], {
          cwd: repoRoot,
          env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
        });
      } catch (e) {
        throw new Error(`Could not build workers/${worker} for the frontend tests:\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
      }
    }),
  );
}

/**
 * Miniflare options for the three backends plus what the test runner needs to
 * migrate their databases: { workers, databases: [{ binding, id, migrationsDir }] }.
 * @param {{ signingJwk: string, verifyJwk: string }} keys
 */
export async function backendWorkers(keys) {
  const { unstable_readConfig } = await import("wrangler");
  const workers = [];
  const databases = [];
  for (const worker of BACKENDS) {
    const config = unstable_readConfig({ config: join(repoRoot, `workers/${worker}/wrangler.toml`) });
    const d1Databases = {};
    for (const db of config.d1_databases ?? []) {
      d1Databases[db.binding] = db.database_id;
      databases.push({
        binding: `TEST_${db.binding}`,
        id: db.database_id,
        migrationsDir: join(repoRoot, `workers/${worker}`, db.migrations_dir),
      });
    }
    const serviceBindings = {};
    for (const s of config.services ?? []) serviceBindings[s.binding] = { name: s.service, entrypoint: s.entrypoint };
    workers.push({
      name: config.name,
      modules: true,
      modulesRoot: bundleDir(worker),
      scriptPath: join(bundleDir(worker), "index.js"),
      compatibilityDate: config.compatibility_date,
      compatibilityFlags: config.compatibility_flags ?? [],
      d1Databases,
      serviceBindings,
      bindings: worker === "auth" ? { AUTH_SIGNING_KEY: keys.signingJwk } : { AUTH_VERIFY_KEY: keys.verifyJwk },
    });
  }
  return { workers, databases };
}
