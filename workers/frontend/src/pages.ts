// The page router, mounted twice by index.tsx: at "/" and under the classic prefix.
import { Hono } from "hono";
import type { AppEnv } from "./env";
import { mountHome } from "./routes/home";
import { mountLogin } from "./routes/login";
import { mountLogout } from "./routes/logout";
import { mountTransfer } from "./routes/transfer";
import { mountUsers } from "./routes/users";
import { mountZoobarJs } from "./routes/zoobarjs";

export function createPages(): Hono<AppEnv> {
  // Not strict: "/zoobar/index.cgi/" (the classic home) and "/zoobar/index.cgi" are the same page.
  const pages = new Hono<AppEnv>({ strict: false });
  mountHome(pages);
  mountLogin(pages);
  mountLogout(pages);
  mountUsers(pages);
  mountTransfer(pages);
  mountZoobarJs(pages);
  return pages;
}
