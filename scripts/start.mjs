// `npm start`: the whole app on http://127.0.0.1:8787 (PORT overrides), state in .wrangler/state.
import { startApp } from "./app.mjs";

const port = Number(process.env.PORT ?? 8787);
const app = await startApp({ port });
console.log(`\nZoobar is running at ${app.url}/ (Ctrl-C to stop)\n`);
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await app.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
process.on("SIGHUP", shutdown);
// If whatever started us goes away without passing a signal on (a killed
// `npm start`, a closed terminal), stop too rather than serve as an orphan.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) shutdown();
}, 1000).unref();
// If either half of the app dies, stop the other and exit.
app.exited.then(async ({ code }) => {
  await app.stop();
  process.exit(code ?? 1);
});
