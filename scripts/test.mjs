// `npm test`: every vitest project (each worker in workerd, then end to end and in
// Chromium), then one plain closing line with the counts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./app.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const reportDir = mkdtempSync(join(tmpdir(), "zoobar-test-report-"));
const report = join(reportDir, "report.json");
const vitest = spawnSync(
  join(root, "node_modules/.bin/vitest"),
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
);

let summary = "no report";
try {
  const r = JSON.parse(readFileSync(report, "utf8"));
  summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
} catch {}
rmSync(reportDir, { recursive: true, force: true });
if (!existsSync(chromium)) {
  console.log(`\nBrowser test SKIPPED: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
}
console.log(`\ntests: ${summary}`);
process.exit(vitest.status ?? 1);
