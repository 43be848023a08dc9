import { describe, expect, it } from "vitest";
import { STARTING_BALANCE } from "@zoobar/shared";
import { bank, registerUser, transferToken, type TestUser } from "./support/users";

const USERS = 10;
const TRANSFERS = 200;

/** A small seeded generator, so a failure can be reproduced with the same transfers. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("concurrent transfers", () => {
  it(`${TRANSFERS} at once among ${USERS} users keep the total, never overdraw, and log exactly what succeeded`, async () => {
    const users: TestUser[] = [];
    for (let i = 0; i < USERS; i++) users.push(await registerUser(`crowd${i}`));

    const random = mulberry32(20261203);
    const planned = Array.from({ length: TRANSFERS }, () => {
      const from = Math.floor(random() * USERS);
      const to = (from + 1 + Math.floor(random() * (USERS - 1))) % USERS;
      // Amounts up to 8 from balances near 10: many transfers must be refused for overdraft.
      return { from: users[from], to: users[to], amount: 1 + Math.floor(random() * 8) };
    });
    const tokens = await Promise.all(planned.map((p) => transferToken(p.from)));

    const results = await Promise.all(planned.map((p, i) => bank().transfer(tokens[i], p.to.username, String(p.amount))));

    const succeeded = planned.filter((_, i) => results[i].ok);
    for (const r of results) {
      if (!r.ok) expect(r.error).toMatch(/^You have only \d+ zoobars?\.$/);
    }
    // The generator makes both outcomes common; if either vanished the test would prove little.
    expect(succeeded.length).toBeGreaterThan(20);
    expect(succeeded.length).toBeLessThan(TRANSFERS);

    const balances = await Promise.all(users.map((u) => bank().getBalance(u.username)));
    expect(balances.reduce((a, b) => a! + b!, 0)).toBe(USERS * STARTING_BALANCE);
    for (const b of balances) expect(b).toBeGreaterThanOrEqual(0);

    // Each transfer appears in its sender's log; together those are exactly the successful ones.
    const key = (t: { sender: string; recipient: string; amount: number }) => `${t.sender}\u0000${t.recipient}\u0000${t.amount}`;
    const logged: string[] = [];
    for (const u of users) {
      for (const t of await bank().getTransfers(u.username)) if (t.sender === u.username) logged.push(key(t));
    }
    const expected = succeeded.map((p) => key({ sender: p.from.username, recipient: p.to.username, amount: p.amount }));
    expect(logged.sort()).toEqual(expected.sort());

    // And every balance is what its log says it should be.
    for (const [i, u] of users.entries()) {
      const log = await bank().getTransfers(u.username);
      const net = log.reduce((sum, t) => sum + (t.recipient === u.username ? t.amount : -t.amount), 0);
      expect(balances[i]).toBe(STARTING_BALANCE + net);
    }
  });
});
