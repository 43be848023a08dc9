// Runs a benchmark body against a freshly started app (free loopback port,
// throw-away state) and makes sure the app is stopped however the body ends:
// normally, by an error, or by Ctrl-C / SIGTERM. The app runs in a process group
// of its own (so a terminal's Ctrl-C reaches only this process), which is why
// the signal has to be turned into a stop here. A signal that arrives while the
// app is still starting is held until it is up (startApp gives no handle
// before that), then the app is stopped at once.
import { startThrowawayApp } from "../../scripts/app.mjs";

export async function withThrowawayApp(label, body) {
  let app;
  let stopping;
  let signalled;
  const stopOnce = () => (stopping ??= app.stop());
  const exitAfterStop = () => stopOnce().finally(() => process.exit(signalled === "SIGINT" ? 130 : 143));
  const onSignal = (signal) => {
    if (signalled) return;
    signalled = signal;
    console.error(`\n${signal}: stopping the app${app ? "" : " once it has started"}…`);
    if (app) exitAfterStop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    app = await startThrowawayApp(label);
    if (signalled) return await exitAfterStop();
    try {
      return await body(app);
    } finally {
      await stopOnce();
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
