import { describe, expect, it } from "vitest";
import { testEnv } from "./support/env";
import { profiles, profileWriteToken, readPayload, registerUser, uniqueName } from "./support/users";

describe("spent profile-write tokens", () => {
  it("are recorded by a write, and long-expired ones are pruned by the next", async () => {
    const db = testEnv.PROFILES_DB;
    const old = uniqueName("old-jti");
    const now = Math.floor(Date.now() / 1000);
    await db.prepare("INSERT INTO spent_tokens (jti, exp) VALUES (?, ?)").bind(old, now - 3600).run();

    const alice = await registerUser("alice");
    const token = await profileWriteToken(alice);
    expect(await profiles().setProfile(token, "hello")).toMatchObject({ ok: true });

    const spent = (jti: string) => db.prepare("SELECT exp FROM spent_tokens WHERE jti = ?").bind(jti).first();
    expect(await spent(old)).toBeNull();
    expect(await spent(readPayload(token).jti)).toEqual({ exp: readPayload(token).exp });
  });
});
