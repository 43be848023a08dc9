// The frontend worker: the only HTTP surface of Zoobar.
import { Hono } from "hono";
import type { AppEnv } from "./env";
import { checkCrossOrigin } from "./cross-origin";
import { createPages } from "./pages";
import { CLASSIC_PREFIX } from "./paths";
import { notFound, serverError } from "./routes/fallbacks";
import { chromeOf, renderPage } from "./routes/support";
import { withSecurityHeaders } from "./security-headers";
import { CrossSiteRefusedPage } from "./views/errors";

export type { Env } from "./env";

const app = new Hono<AppEnv>({ strict: false });

app.use("*", async (c, next) => {
  await next();
  const res = withSecurityHeaders(c.res);
  // Pages are per-user; only the static files (which set their own) may be cached.
  if (!res.headers.has("Cache-Control")) res.headers.set("Cache-Control", "no-store");
  c.res = undefined;
  c.res = res;
});

app.use("*", async (c, next) => {
  const verdict = checkCrossOrigin(c.req.method, c.req.raw.headers, new URL(c.req.url).host);
  if (!verdict.ok) return renderPage(c, <CrossSiteRefusedPage {...chromeOf(c)} reason={verdict.reason} />, 403);
  await next();
});

const pages = createPages();
app.route(CLASSIC_PREFIX, pages);
app.route("/", pages);

// Everything else is a static file, or nothing.
app.on(["GET", "HEAD"], "*", async (c) => {
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  return asset.status !== 404 ? asset : notFound(c);
});

app.notFound(notFound);
app.onError(serverError);

export default app;
