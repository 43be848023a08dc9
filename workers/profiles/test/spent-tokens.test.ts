import { describe, expect, it } from "vitest";
import { seedLongExpiredSpentToken, spentToken } from "../../../test/workerd/spent-tokens";
import { testEnv } from "./support/env";
import { profiles, profileWriteToken, readPayload, registerUser, uniqueName } from "./support/users";

describe("spent profile-write tokens", () => {
  it("are recorded by a write, and long-expired ones are pruned by the next", async () => {
    const db = testEnv.PROFILES_DB;
    const old = await seedLongExpiredSpentToken(db, uniqueName("old-jti"));

    const alice = await registerUser("alice");
    const token = await profileWriteToken(alice);
    expect(await profiles().setProfile(token, "hello")).toMatchObject({ ok: true });

    expect(await spentToken(db, old)).toBeNull();
    expect(await spentToken(db, readPayload(token).jti)).toEqual({ exp: readPayload(token).exp });
  });
});
