import { buildAuthWorker } from "./auxiliary-auth.mjs";

export default async function setup() {
  await buildAuthWorker("bank");
}
