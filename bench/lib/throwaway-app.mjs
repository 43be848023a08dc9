// Runs a benchmark body against a freshly started app (free loopback port,
// throw-away state) and makes sure the app is stopped however the body ends:
// normally, by an error, or by Ctrl-C / SIGTERM. The app runs in a process group
// of its own (so a terminal's Ctrl-C reaches only this process), which is why
// the signal has to be turned into a stop here.
import { startThrowawayApp } from "../../scripts/app.mjs";

export async function withThrowawayApp(label, body) {
  const app = await startThrowawayApp(label);
  let stopping;
  const stopOnce = () => (stopping ??= app.stop());
  const onSignal = (signal) => {
    console.error(`\n${signal}: stopping the app…`);
    stopOnce().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await body(app);
  } finally {
    await stopOnce();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
