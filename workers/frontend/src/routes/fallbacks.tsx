// The 404 page and the last-resort error page.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import type { AppEnv } from "../env";
import { NotFoundPage, ServerErrorPage } from "../views/errors";
import { chromeOf, lookUpViewer, renderPage } from "./support";

export const notFound: NotFoundHandler<AppEnv> = async (c) => {
  // The header still says who is logged in; the error page below does not ask, in case auth is what failed.
  if (c.get("viewer") === undefined) await lookUpViewer(c);
  return renderPage(c, <NotFoundPage {...chromeOf(c)} />, 404);
};

/** Logs the error for the operator; the visitor gets a generic page, never the message or a stack trace. */
export const serverError: ErrorHandler<AppEnv> = (err, c: Context<AppEnv>) => {
  console.error("frontend request failed", c.req.method, new URL(c.req.url).pathname, err);
  return renderPage(c, <ServerErrorPage {...chromeOf(c)} />, 500);
};
