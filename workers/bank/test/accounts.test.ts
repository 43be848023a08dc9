import { describe, expect, it } from "vitest";
import { STARTING_BALANCE, newTokenPayload } from "@zoobar/shared";
import { bank, loginAgain, readPayload, registerUser, signWithAuthKey, signWithStrangerKey, transferToken, uniqueName } from "./support/users";
import { auth } from "./support/users";

const ASCTIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

describe("accounts", () => {
  it("opens an account with the starting balance, and opening it again changes nothing", async () => {
    const alice = await registerUser("alice");
    const bob = await registerUser("bob");
    expect(await bank().getBalance(alice.username)).toBe(STARTING_BALANCE);
    expect(await bank().transfer(await transferToken(alice), bob.username, "4")).toMatchObject({ ok: true });

    // Every login hands out a new account-open token; using it must not reset the balance.
    const accountToken = await loginAgain(alice);
    expect(await bank().openAccount(accountToken)).toEqual({ ok: true, balance: 6 });
    expect(await bank().getBalance(alice.username)).toBe(6);
  });

  it("opens an account that was missing, at the next login", async () => {
    const name = uniqueName("late");
    const password = "pw-late-account";
    const grant = await auth().register(name, password);
    if (!grant.ok) throw new Error(grant.error);
    // The bank step of registration "failed": the account-open token was never presented.
    expect(await bank().getBalance(name)).toBeNull();
    const again = await auth().login(name, password);
    if (!again.ok) throw new Error(again.error);
    expect(await bank().openAccount(again.accountToken)).toEqual({ ok: true, balance: STARTING_BALANCE });
    expect(await bank().getBalance(name)).toBe(STARTING_BALANCE);
  });

  it("refuses to open an account without a genuine, live account-open token", async () => {
    const mallory = await registerUser("mallory");
    const live = readPayload(await transferToken(mallory));
    const target = uniqueName("nobody");

    const forged = await signWithStrangerKey(newTokenPayload("account-open", target, live.sid));
    expect(await bank().openAccount(forged)).toMatchObject({ ok: false, error: expect.stringMatching(/signature/) });

    const wrongKind = await transferToken(mallory);
    expect(await bank().openAccount(wrongKind)).toMatchObject({ ok: false, error: expect.stringMatching(/"transfer"/) });

    // Signed by auth's key but for a name whose session it is not: the liveness check refuses it.
    const otherUser = await signWithAuthKey(newTokenPayload("account-open", target, live.sid));
    expect(await bank().openAccount(otherUser)).toMatchObject({ ok: false, error: expect.stringMatching(/session has ended/) });

    expect(await bank().openAccount("not a token")).toMatchObject({ ok: false });
    expect(await bank().getBalance(target)).toBeNull();
  });

  it("answers null for the balance of a user who does not exist or a name that cannot be one", async () => {
    expect(await bank().getBalance(uniqueName("ghost"))).toBeNull();
    expect(await bank().getBalance("")).toBeNull();
    expect(await bank().getBalance(" padded ")).toBeNull();
    expect(await bank().getTransfers("")).toEqual([]);
  });

  it("finds an account by its NFC form", async () => {
    const user = await registerUser("caf\u00e9");
    expect(await bank().getBalance(user.username.normalize("NFD"))).toBe(STARTING_BALANCE);
  });

  it("logs transfers in both directions, newest first, with asctime times", async () => {
    const alice = await registerUser("alice");
    const bob = await registerUser("bob");
    const carol = await registerUser("carol");
    for (const [from, to, amount] of [
      [alice, bob, "1"],
      [bob, alice, "2"],
      [carol, alice, "3"],
      [alice, carol, "4"],
    ] as const) {
      expect(await bank().transfer(await transferToken(from), to.username, amount)).toMatchObject({ ok: true });
    }
    const log = await bank().getTransfers(alice.username);
    expect(log.map((t) => [t.sender, t.recipient, t.amount])).toEqual([
      [alice.username, carol.username, 4],
      [carol.username, alice.username, 3],
      [bob.username, alice.username, 2],
      [alice.username, bob.username, 1],
    ]);
    for (const t of log) {
      expect(t.time).toMatch(ASCTIME);
      // Within a minute of now, read back as UTC.
      expect(Math.abs(Date.parse(`${t.time} UTC`) - Date.now())).toBeLessThan(60_000);
    }
    expect((await bank().getTransfers(bob.username)).map((t) => t.amount)).toEqual([2, 1]);
    expect(await bank().getBalance(alice.username)).toBe(10 - 1 + 2 + 3 - 4);
  });
});
