import { describe, expect, it } from "vitest";
import { seedLongExpiredSpentToken, spentToken } from "../../../test/workerd/spent-tokens";
import { testEnv } from "./support/env";
import { bank, readPayload, registerUser, transferToken, uniqueName } from "./support/users";

describe("spent transfer tokens", () => {
  it("are recorded by a transfer, and long-expired ones are pruned by the next", async () => {
    const db = testEnv.BANK_DB;
    const old = await seedLongExpiredSpentToken(db, uniqueName("old-jti"));

    const alice = await registerUser("alice");
    const bob = await registerUser("bob");
    const token = await transferToken(alice);
    expect(await bank().transfer(token, bob.username, "1")).toMatchObject({ ok: true });

    expect(await spentToken(db, old)).toBeNull();
    expect(await spentToken(db, readPayload(token).jti)).toEqual({ exp: readPayload(token).exp });
  });

  it("are not recorded by a refused transfer", async () => {
    const alice = await registerUser("alice");
    const bob = await registerUser("bob");
    const token = await transferToken(alice);
    expect(await bank().transfer(token, bob.username, "11")).toMatchObject({ ok: false });
    expect(await spentToken(testEnv.BANK_DB, readPayload(token).jti)).toBeNull();
  });
});
