// `npm test`: every vitest project (each worker in workerd, then end to end and in
// Chromium), then one plain closing line with the counts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { root } from "./app.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Kept beside the browser screenshot: test-artifacts/ is git-ignored.
const reportDir = join(root, "test-artifacts");
mkdirSync(reportDir, { recursive: true });
const report = join(reportDir, "vitest-report.json");
rmSync(report, { force: true });
const vitest = spawnSync(
  join(root, "node_modules/.bin/vitest"),
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" } },
);

let summary = "no report";
try {
  const r = JSON.parse(readFileSync(report, "utf8"));
  summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
} catch {}
if (!existsSync(chromium)) {
  console.log(`\nBrowser test SKIPPED: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
}
console.log(`\ntests: ${summary}`);
process.exit(vitest.status ?? 1);
