// The profile runner's way in: an owner-scoped run capability, several transfers
// per run within the caps, always from the owner.
import { beforeEach, describe, expect, it } from "vitest";
import { newTokenPayload, RUN_MAX_TRANSFERS, RUN_MAX_ZOOBARS } from "@zoobar/shared";
import { ledgerOf } from "./support/ledger";
import {
  bank,
  bankForRunner,
  readPayload,
  registerUser,
  runGrant,
  signWithAuthKey,
  signWithStrangerKey,
  transferToken,
  unwrap,
  type TestUser,
} from "./support/users";

let owner: TestUser;
let visitor: TestUser;

beforeEach(async () => {
  owner = await registerUser("owner");
  visitor = await registerUser("visitor");
});

async function expectRefused(runToken: string, target: string, zoobars: unknown, message: RegExp) {
  const before = await ledgerOf([owner, visitor]);
  const result = await bankForRunner().xferFromOwner(runToken, target, zoobars as number);
  expect(result).toEqual({ ok: false, error: expect.stringMatching(message) });
  expect(await ledgerOf([owner, visitor])).toEqual(before);
}

describe("a run's transfers", () => {
  it("move zoobars from the owner, never from the visitor who caused the run", async () => {
    const grant = await runGrant(visitor, owner.username);
    expect(await bankForRunner().xferFromOwner(grant.runToken, visitor.username, 2)).toEqual({ ok: true, amount: 2, balance: 8 });
    expect(await bankForRunner().xferFromOwner(grant.runToken, visitor.username, 1)).toEqual({ ok: true, amount: 1, balance: 7 });
    expect(await bank().getBalance(owner.username)).toBe(7);
    expect(await bank().getBalance(visitor.username)).toBe(13);
    const log = await bankForRunner().getTransfers(owner.username);
    expect(log.map((t) => [t.sender, t.recipient, t.amount])).toEqual([
      [owner.username, visitor.username, 1],
      [owner.username, visitor.username, 2],
    ]);
    // The owner's own run cannot send to the owner: there is no way to name another sender.
    await expectRefused(grant.runToken, owner.username, 1, /yourself/);
  });

  it("stop at the per-run caps, counted atomically even when fired at once", async () => {
    const rich = await registerUser("rich");
    const grant = await runGrant(visitor, owner.username);
    const results = await Promise.all(
      Array.from({ length: RUN_MAX_TRANSFERS + 5 }, () => bankForRunner().xferFromOwner(grant.runToken, rich.username, 1)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(Math.min(RUN_MAX_TRANSFERS, 10));
    expect(await bank().getBalance(rich.username)).toBe(10 + Math.min(RUN_MAX_TRANSFERS, 10));
    const refused = results.filter((r) => !r.ok) as { error: string }[];
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.error).toMatch(/per view|only 0 zoobars/);
  });

  it("refuse more zoobars per run than the cap, and a new run starts afresh", async () => {
    const grant = await runGrant(visitor, owner.username);
    await expectRefused(grant.runToken, visitor.username, RUN_MAX_ZOOBARS + 1, /per view|only 10 zoobars/);
    const next = await runGrant(visitor, owner.username);
    expect((await bankForRunner().xferFromOwner(next.runToken, visitor.username, 1)).ok).toBe(true);
  });

  it.each([[0], [-1], [1.5], [Number.NaN], [Infinity], ["1"], [true], [null], [2 ** 60]])(
    "refuse the amount %j and move nothing",
    async (amount) => {
      const grant = await runGrant(visitor, owner.username);
      await expectRefused(grant.runToken, visitor.username, amount, /positive whole number/);
    },
  );

  it("refuse unknown targets, overdrafts, and tokens that are not this run's", async () => {
    const grant = await runGrant(visitor, owner.username);
    await expectRefused(grant.runToken, "nobody-at-all", 1, /no such user/);
    await expectRefused(grant.runToken, visitor.username, 11, /only 10 zoobars/);
    // A transfer capability is not a run capability, and vice versa.
    await expectRefused(await transferToken(owner), visitor.username, 1, /not authorized/);
    expect((await bank().transfer(grant.runToken, visitor.username, "1")).ok).toBe(false);
    // Forged, or properly signed but expired.
    const payload = readPayload(grant.runToken);
    await expectRefused(await signWithStrangerKey({ ...payload, jti: "forged" }), visitor.username, 1, /signature/);
    const old = newTokenPayload("run", owner.username, payload.sid, Date.now() - 120_000, { visitor: visitor.username });
    await expectRefused(await signWithAuthKey(old), visitor.username, 1, /expired/);
    await expectRefused("garbage", visitor.username, 1, /malformed/);
  });

  it("offer the runner the same reads the frontend has", async () => {
    unwrap(await bank().transfer(await transferToken(owner), visitor.username, "4"), "a transfer");
    expect(await bankForRunner().getBalance(owner.username)).toBe(6);
    expect(await bankForRunner().getBalance("no-such-user-anywhere")).toBeNull();
    expect(await bankForRunner().getTransfers(visitor.username)).toEqual(await bank().getTransfers(visitor.username));
  });
});
