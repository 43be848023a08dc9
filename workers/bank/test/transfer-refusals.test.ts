import { beforeEach, describe, expect, it } from "vitest";
import { newTokenPayload } from "@zoobar/shared";
import { ledgerOf } from "./support/ledger";
import {
  auth,
  bank,
  loginAgain,
  profileWriteToken,
  readPayload,
  registerUser,
  signWithAuthKey,
  signWithStrangerKey,
  transferToken,
  uniqueName,
  type TestUser,
} from "./support/users";

let alice: TestUser;
let bob: TestUser;

beforeEach(async () => {
  alice = await registerUser("alice");
  bob = await registerUser("bob");
});

/** Runs a transfer that must be refused, and checks that it moved nothing. */
async function expectRefused(token: string, recipient: string, amount: string, message: RegExp): Promise<void> {
  const before = await ledgerOf([alice, bob]);
  const result = await bank().transfer(token, recipient, amount);
  expect(result).toEqual({ ok: false, error: expect.stringMatching(message) });
  expect(await ledgerOf([alice, bob])).toEqual(before);
}

describe("a transfer", () => {
  it("moves zoobars from the token's user to the recipient and reports the new balance", async () => {
    expect(await bank().transfer(await transferToken(alice), bob.username, "3")).toEqual({ ok: true, amount: 3, balance: 7 });
    expect(await bank().getBalance(alice.username)).toBe(7);
    expect(await bank().getBalance(bob.username)).toBe(13);
  });

  it("accepts the whole balance, and leading zeros and surrounding spaces in the amount", async () => {
    expect(await bank().transfer(await transferToken(alice), bob.username, " 007 ")).toMatchObject({ ok: true, amount: 7 });
    expect(await bank().transfer(await transferToken(alice), bob.username, "3")).toMatchObject({ ok: true, balance: 0 });
    expect(await bank().getBalance(bob.username)).toBe(20);
  });

  it("normalizes the recipient's name to NFC", async () => {
    const zoe = await registerUser("zo\u00eb");
    expect(await bank().transfer(await transferToken(alice), zoe.username.normalize("NFD"), "1")).toMatchObject({ ok: true });
    expect(await bank().getBalance(zoe.username)).toBe(11);
  });

  it.each([
    ["-5", /digits \(0-9\) only/],
    ["0", /at least 1/],
    ["2.5", /digits \(0-9\) only/],
    ["1e3", /digits \(0-9\) only/],
    ["abc", /digits \(0-9\) only/],
    ["", /Enter the number/],
    ["   ", /Enter the number/],
    ["12345678901234567890", /too large/],
    ["0x10", /digits \(0-9\) only/],
    ["+5", /digits \(0-9\) only/],
    ["١٢", /digits \(0-9\) only/],
  ])("refuses the amount %j and moves nothing", async (amount, message) => {
    await expectRefused(await transferToken(alice), bob.username, amount, message);
  });

  it("refuses a non-string amount", async () => {
    await expectRefused(await transferToken(alice), bob.username, 2.5 as unknown as string, /digits/);
    await expectRefused(await transferToken(alice), bob.username, null as unknown as string, /Enter the number/);
  });

  it("refuses an unknown recipient", async () => {
    await expectRefused(await transferToken(alice), uniqueName("nobody"), "1", /^There is no such user: "nobody-[^"]*"\.$/);
  });

  it("refuses a recipient name that no user can have", async () => {
    await expectRefused(await transferToken(alice), "", "1", /not a valid recipient/);
    await expectRefused(await transferToken(alice), " bob", "1", /not a valid recipient/);
  });

  it("refuses sending to oneself", async () => {
    await expectRefused(await transferToken(alice), alice.username, "1", /yourself/);
  });

  it("refuses an overdraft and says how much the sender has", async () => {
    await expectRefused(await transferToken(alice), bob.username, "11", /^You have only 10 zoobars\.$/);
    expect(await bank().transfer(await transferToken(alice), bob.username, "9")).toMatchObject({ ok: true });
    await expectRefused(await transferToken(alice), bob.username, "2", /^You have only 1 zoobar\.$/);
  });
});

describe("a transfer token", () => {
  it("works once: a replay is refused and moves nothing", async () => {
    const token = await transferToken(alice);
    expect(await bank().transfer(token, bob.username, "2")).toMatchObject({ ok: true });
    await expectRefused(token, bob.username, "2", /already made/);
    // Not even towards someone else or for another amount.
    const carol = await registerUser("carol");
    expect(await bank().transfer(token, carol.username, "1")).toMatchObject({ ok: false, error: expect.stringMatching(/already made/) });
    expect(await bank().getBalance(alice.username)).toBe(8);
    expect(await bank().getBalance(carol.username)).toBe(10);
  });

  it("used concurrently, moves zoobars only once", async () => {
    const token = await transferToken(alice);
    const results = await Promise.all(Array.from({ length: 10 }, () => bank().transfer(token, bob.username, "1")));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await bank().getBalance(alice.username)).toBe(9);
    expect(await bank().getBalance(bob.username)).toBe(11);
  });

  it("is refused once expired", async () => {
    const real = readPayload(await transferToken(alice));
    const now = Math.floor(Date.now() / 1000);
    const expired = await signWithAuthKey({ ...real, iat: now - 120, exp: now - 60 });
    await expectRefused(expired, bob.username, "1", /expired/);
  });

  it("is refused when forged: signed with another key", async () => {
    const real = readPayload(await transferToken(alice));
    await expectRefused(await signWithStrangerKey(real), bob.username, "1", /signature/);
  });

  it("is refused when its payload is altered", async () => {
    const [prefix, , signature] = (await transferToken(alice)).split(".");
    const real = readPayload(await transferToken(alice));
    const altered = btoa(JSON.stringify({ ...real, sub: bob.username })).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    await expectRefused(`${prefix}.${altered}.${signature}`, alice.username, "1", /signature/);
  });

  it.each([
    ["empty", ""],
    ["empty parts", "zb1.."],
    ["no signature", "zb1.e30."],
    ["short signature", "zb1.e30.AAAA"],
    ["not a token", "garbage"],
    ["huge", "x".repeat(5000)],
  ])("is refused when malformed (%s)", async (_label, token) => {
    await expectRefused(token, bob.username, "1", /not authorized/);
  });

  it("is refused when it is of another kind", async () => {
    await expectRefused(await profileWriteToken(alice), bob.username, "1", /"profile-write", not "transfer"/);
    const accountToken = await loginAgain(alice);
    await expectRefused(accountToken, bob.username, "1", /"account-open", not "transfer"/);
  });

  it("sends from its own user only: one user's session cannot speak for another", async () => {
    // alice's token moves alice's zoobars, whoever names whom as recipient.
    expect(await bank().transfer(await transferToken(alice), bob.username, "1")).toMatchObject({ ok: true, balance: 9 });
    expect(await bank().getBalance(bob.username)).toBe(11);
    // A correctly signed token naming bob as sender but carrying alice's session is refused.
    const alicePayload = readPayload(await transferToken(alice));
    const mixed = await signWithAuthKey(newTokenPayload("transfer", bob.username, alicePayload.sid));
    await expectRefused(mixed, alice.username, "1", /session has ended/);
  });

  it("is refused after its user logs out, and moves nothing", async () => {
    const token = await transferToken(alice);
    await auth().logout(alice.session);
    await expectRefused(token, bob.username, "1", /session has ended/);
  });

  it("is refused after its user logs in again, and moves nothing", async () => {
    const token = await transferToken(alice);
    await loginAgain(alice);
    await expectRefused(token, bob.username, "1", /session has ended/);
    // A token from the new session works.
    expect(await bank().transfer(await transferToken(alice), bob.username, "1")).toMatchObject({ ok: true });
  });
});
