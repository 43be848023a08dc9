import { describe, expect, it } from "vitest";
import { testEnv } from "./support/env";
import { bank, readPayload, registerUser, transferToken, uniqueName } from "./support/users";

describe("spent transfer tokens", () => {
  it("are recorded by a transfer, and long-expired ones are pruned by the next", async () => {
    const db = testEnv.BANK_DB;
    const old = uniqueName("old-jti");
    const now = Math.floor(Date.now() / 1000);
    await db.prepare("INSERT INTO spent_tokens (jti, exp) VALUES (?, ?)").bind(old, now - 3600).run();

    const alice = await registerUser("alice");
    const bob = await registerUser("bob");
    const token = await transferToken(alice);
    expect(await bank().transfer(token, bob.username, "1")).toMatchObject({ ok: true });

    const spent = (jti: string) => db.prepare("SELECT exp FROM spent_tokens WHERE jti = ?").bind(jti).first();
    expect(await spent(old)).toBeNull();
    expect(await spent(readPayload(token).jti)).toEqual({ exp: readPayload(token).exp });
  });

  it("are not recorded by a refused transfer", async () => {
    const alice = await registerUser("alice");
    const bob = await registerUser("bob");
    const token = await transferToken(alice);
    expect(await bank().transfer(token, bob.username, "11")).toMatchObject({ ok: false });
    const row = await testEnv.BANK_DB.prepare("SELECT jti FROM spent_tokens WHERE jti = ?").bind(readPayload(token).jti).first();
    expect(row).toBeNull();
  });
});
