// Ed25519 key pair for auth's capability tokens, as JWK JSON strings:
// the private half goes to auth only, the public half to the workers that verify.
import { webcrypto } from "node:crypto";

export async function generateCapabilityKeys() {
  const pair = await webcrypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
  const signingJwk = JSON.stringify(await webcrypto.subtle.exportKey("jwk", pair.privateKey));
  const verifyJwk = JSON.stringify(await webcrypto.subtle.exportKey("jwk", pair.publicKey));
  return { signingJwk, verifyJwk };
}
