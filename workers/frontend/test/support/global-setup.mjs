import { buildBackendWorkers } from "./backend-workers.mjs";

export default async function setup() {
  await buildBackendWorkers();
}
