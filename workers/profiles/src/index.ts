// The profiles worker's whole RPC surface. The frontend may read and (with a
// profile-write capability from auth) replace a profile; the profile runner
// may only read, so it binds an entrypoint that has nothing else.

import { WorkerEntrypoint } from "cloudflare:workers";
import { checkCapability, normalizeUsername, type ProfilesForFrontendApi, type ProfilesForRunnerApi, type Result } from "@zoobar/shared";
import type { Env } from "./env";
import { checkProfileText } from "./limits";
import { openDb, readProfile, writeProfile } from "./store";

export class ProfilesForFrontend extends WorkerEntrypoint<Env> implements ProfilesForFrontendApi {
  getProfile(username: string): Promise<string> {
    return profileOf(this.env, username);
  }

  async setProfile(profileWriteToken: string, text: string): Promise<Result<{ bytes: number }>> {
    const checked = checkProfileText(text);
    if (!checked.ok) return checked;
    const cap = await checkCapability(this.env, profileWriteToken, "profile-write");
    if (!cap.ok) return cap;
    const { sub, jti, exp } = cap.payload;
    const outcome = await writeProfile(openDb(this.env.PROFILES_DB), { username: sub, text: checked.text, jti, exp });
    if (outcome === "replayed") {
      return { ok: false, error: "This profile change was already saved: its authorization can be used only once." };
    }
    return { ok: true, bytes: checked.bytes };
  }
}

export class ProfilesForRunner extends WorkerEntrypoint<Env> implements ProfilesForRunnerApi {
  getProfile(username: string): Promise<string> {
    return profileOf(this.env, username);
  }
}

// Outside the classes: every method of an entrypoint class is callable over RPC.
async function profileOf(env: Env, username: string): Promise<string> {
  const name = normalizeUsername(username);
  if (!name.ok) return "";
  return readProfile(openDb(env.PROFILES_DB), name.username);
}

export default {
  fetch(): Response {
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
