// `npm start`: the whole app on http://127.0.0.1:8787 (PORT overrides), state in .wrangler/state.
import { startApp } from "./app.mjs";

const port = Number(process.env.PORT ?? 8787);
const app = await startApp({ port });
console.log(`\nZoobar is running at ${app.url}/ (Ctrl-C to stop)\n`);
const shutdown = async () => {
  await app.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
// If either half of the app dies, stop the other and exit.
app.exited.then(async ({ code }) => {
  await app.stop();
  process.exit(code ?? 1);
});
