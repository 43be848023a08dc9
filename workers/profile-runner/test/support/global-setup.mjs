import { buildAuxiliaryWorkers } from "../../../../test/support/auxiliary-workers.mjs";

export default async function setup() {
  await buildAuxiliaryWorkers(["auth", "bank", "profiles"], "profile-runner");
}
