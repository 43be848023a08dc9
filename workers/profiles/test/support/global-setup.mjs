import { buildAuthWorker } from "../../../bank/test/support/auxiliary-auth.mjs";

export default async function setup() {
  await buildAuthWorker("profiles");
}
