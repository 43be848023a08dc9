// vitest globalSetup: one app (all workers under wrangler dev) for the end-to-end
// and browser tests, on a free loopback port with a throw-away state directory.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain JavaScript module shared with `npm start`
import { startApp } from "../../scripts/app.mjs";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(join(tmpdir(), "zoobar-e2e-"));
  const app = await startApp({ port: await freePort(), persistTo, quiet: true });
  project.provide("appUrl", app.url);
  return async () => {
    await app.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
