// vitest globalSetup: one app (all workers under wrangler dev) for the end-to-end
// and browser tests, on a free loopback port with a throw-away state directory.
import type { TestProject } from "vitest/node";
// @ts-expect-error plain JavaScript module shared with `npm start`
import { startThrowawayApp } from "../../scripts/app.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const app = await startThrowawayApp("e2e");
  project.provide("appUrl", app.url);
  return () => app.stop();
}
