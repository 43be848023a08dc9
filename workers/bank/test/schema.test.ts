// The invariants hold in SQL itself, whatever code runs against the database.
import { describe, expect, it } from "vitest";
import { testEnv } from "./support/env";
import { uniqueName } from "./support/users";

const db = () => testEnv.BANK_DB;

async function openRaw(username: string, zoobars = 10): Promise<void> {
  await db().prepare("INSERT INTO balances (username, zoobars) VALUES (?, ?)").bind(username, zoobars).run();
}

function logRow(sender: string, recipient: string, amount: number) {
  return db()
    .prepare("INSERT INTO transfers (sender, recipient, amount, time, created_at) VALUES (?, ?, ?, 'Thu Dec  3 11:48:26 2026', 0)")
    .bind(sender, recipient, amount);
}

describe("the bank schema", () => {
  it("refuses a negative balance", async () => {
    const name = uniqueName("raw");
    await openRaw(name, 1);
    await expect(db().prepare("UPDATE balances SET zoobars = zoobars - 2 WHERE username = ?").bind(name).run()).rejects.toThrow(
      /CHECK constraint failed: balances_zoobars_nonnegative/,
    );
  });

  it("enforces the foreign keys from transfers to balances (D1 does)", async () => {
    const known = uniqueName("raw");
    await openRaw(known);
    await expect(logRow(known, uniqueName("missing"), 1).run()).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await expect(logRow(uniqueName("missing"), known, 1).run()).rejects.toThrow(/FOREIGN KEY constraint failed/);
  });

  it("refuses non-positive amounts and transfers to oneself", async () => {
    const a = uniqueName("raw");
    const b = uniqueName("raw");
    await openRaw(a);
    await openRaw(b);
    await expect(logRow(a, b, 0).run()).rejects.toThrow(/CHECK constraint failed: transfers_amount_positive/);
    await expect(logRow(a, a, 1).run()).rejects.toThrow(/CHECK constraint failed: transfers_not_to_self/);
  });

  it("rolls a whole batch back when one statement fails", async () => {
    const a = uniqueName("raw");
    const b = uniqueName("raw");
    await openRaw(a, 5);
    await openRaw(b, 5);
    const jti = uniqueName("jti");
    const batch = [
      db().prepare("INSERT INTO spent_tokens (jti, exp) VALUES (?, 0)").bind(jti),
      db().prepare("UPDATE balances SET zoobars = zoobars + 3 WHERE username = ?").bind(b),
      db().prepare("UPDATE balances SET zoobars = zoobars - 9 WHERE username = ?").bind(a),
    ];
    await expect(db().batch(batch)).rejects.toThrow(/CHECK constraint failed/);
    const rows = await db().prepare("SELECT zoobars FROM balances WHERE username IN (?, ?) ORDER BY zoobars").bind(a, b).all();
    expect(rows.results).toEqual([{ zoobars: 5 }, { zoobars: 5 }]);
    expect(await db().prepare("SELECT jti FROM spent_tokens WHERE jti = ?").bind(jti).first()).toBeNull();
  });
});
