// Writes the local-development secrets on first start; never overwrites them,
// so sessions and tokens survive restarts. The files are git-ignored.
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateCapabilityKeys } from "./lib/keys.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const signingFile = join(root, "workers/auth/.dev.vars");
const verifyFiles = ["bank", "profiles"].map((w) => join(root, `workers/${w}/.dev.vars`));

export async function ensureDevKeys() {
  if ([signingFile, ...verifyFiles].every((f) => existsSync(f))) return false;
  const { signingJwk, verifyJwk } = await generateCapabilityKeys();
  writeFileSync(signingFile, `AUTH_SIGNING_KEY='${signingJwk}'\n`, { mode: 0o600 });
  for (const f of verifyFiles) writeFileSync(f, `AUTH_VERIFY_KEY='${verifyJwk}'\n`, { mode: 0o600 });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log((await ensureDevKeys()) ? "generated local capability keys" : "local capability keys already present");
}
