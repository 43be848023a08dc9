// Keeps a benchmark from taking the machine down with it: polls the resident
// memory of every process in the app's process group (wrangler, workerd) and,
// past a limit, kills the group at once. A runner without a bound on some
// resource (e.g. files written into its in-memory file system) can otherwise
// grow until the kernel's OOM killer picks a victim, possibly not ours.
// Linux only (reads /proc); elsewhere it watches nothing.
import { readdirSync, readFileSync } from "node:fs";

/** Sum of VmRSS (MiB) over the processes whose process group is `pgid`. */
export function groupRssMiB(pgid) {
  let kib = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 5 of /proc/PID/stat is the process group; the name (field 2) may hold spaces, so split after its ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
      if (m) kib += Number(m[1]);
    } catch {
      // The process ended while we looked.
    }
  }
  return kib / 1024;
}

/**
 * Watches the process groups of `children` (the app's processes) every `intervalMs`.
 * Returns `{ peakMiB, tripped, stop() }`; `tripped` becomes `{ rssMiB, atMs }` when
 * together they passed `limitMiB` and were SIGKILLed,
 * and `onTrip` is called once then.
 */
export function watchGroupMemory(children, { limitMiB, intervalMs = 500, onTrip = () => {} }) {
  const state = { peakMiB: 0, tripped: null, stop: () => clearInterval(timer) };
  let timer;
  try {
    readdirSync("/proc");
  } catch {
    return state;
  }
  const started = performance.now();
  timer = setInterval(() => {
    const live = children.filter((child) => child.exitCode === null && child.signalCode === null);
    if (live.length === 0) return state.stop();
    const rss = live.reduce((sum, child) => sum + groupRssMiB(child.pid), 0);
    state.peakMiB = Math.max(state.peakMiB, rss);
    if (rss > limitMiB && !state.tripped) {
      state.tripped = { rssMiB: Math.round(rss), atMs: Math.round(performance.now() - started) };
      for (const child of live) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }
      state.stop();
      onTrip(state.tripped);
    }
  }, intervalMs);
  timer.unref();
  return state;
}
