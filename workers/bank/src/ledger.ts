// Every read and write of the bank's database. The transfer is a single D1
// batch (one transaction): spending the capability id, the debit, the credit
// and the log entry commit together or not at all, and the constraints in
// schema.ts are what refuse a replay, an overdraft or a missing account, so
// no race between a check and a write can matter.

import { desc, eq, lt, or, sql } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { SPENT_TOKEN_GRACE_SECONDS, STARTING_BALANCE, asctime, type Transfer } from "@zoobar/shared";
import { balances, runSpending, spentTokens, transfers } from "./schema";

export type BankDb = DrizzleD1Database;

export function openDb(d1: D1Database): BankDb {
  return drizzle(d1);
}

/** Creates the account with the starting balance unless it exists; returns the balance either way. */
export async function ensureAccount(db: BankDb, username: string): Promise<number> {
  const [, row] = await db.batch([
    db.insert(balances).values({ username, zoobars: STARTING_BALANCE }).onConflictDoNothing(),
    db.select({ zoobars: balances.zoobars }).from(balances).where(eq(balances.username, username)),
  ]);
  return row[0].zoobars;
}

export async function balanceOf(db: BankDb, username: string): Promise<number | null> {
  const row = await db.select({ zoobars: balances.zoobars }).from(balances).where(eq(balances.username, username)).get();
  return row ? row.zoobars : null;
}

/** Both directions, newest first. */
export async function transfersOf(db: BankDb, username: string): Promise<Transfer[]> {
  return db
    .select({ sender: transfers.sender, recipient: transfers.recipient, amount: transfers.amount, time: transfers.time })
    .from(transfers)
    .where(or(eq(transfers.sender, username), eq(transfers.recipient, username)))
    .orderBy(desc(transfers.createdAt), desc(transfers.id));
}

export interface Movement {
  sender: string;
  recipient: string;
  amount: number;
  /** The capability paying for this movement: its id and expiry (seconds). */
  jti: string;
  exp: number;
  /**
   * How the capability is spent: a transfer capability once; a run capability
   * counted against the run's caps, for several transfers.
   */
  spend: { kind: "once" } | { kind: "run"; maxTransfers: number; maxZoobars: number };
}

type Refusal = "replayed" | "overdrawn" | "no-account" | "run-cap";

export type MoveOutcome = { ok: true; balance: number } | { ok: false; reason: Refusal };

function spendStatement(db: BankDb, m: Movement) {
  if (m.spend.kind === "once") return db.insert(spentTokens).values({ jti: m.jti, exp: m.exp });
  return db
    .insert(runSpending)
    .values({ jti: m.jti, transfers: 1, zoobars: m.amount, maxTransfers: m.spend.maxTransfers, maxZoobars: m.spend.maxZoobars, exp: m.exp })
    .onConflictDoUpdate({
      target: runSpending.jti,
      set: { transfers: sql`${runSpending.transfers} + 1`, zoobars: sql`${runSpending.zoobars} + ${m.amount}` },
    });
}

export async function moveZoobars(db: BankDb, m: Movement, nowMs = Date.now()): Promise<MoveOutcome> {
  const nowSeconds = Math.floor(nowMs / 1000);
  try {
    // Order matters only for which error a doubly bad request reports: a replay is named as a replay.
    const [, debited] = await db.batch([
      spendStatement(db, m),
      db
        .update(balances)
        .set({ zoobars: sql`${balances.zoobars} - ${m.amount}` })
        .where(eq(balances.username, m.sender))
        .returning({ zoobars: balances.zoobars }),
      db
        .update(balances)
        .set({ zoobars: sql`${balances.zoobars} + ${m.amount}` })
        .where(eq(balances.username, m.recipient)),
      // The foreign keys make this insert fail, and so undo the debit and
      // credit, if either account is missing: no zoobar goes nowhere.
      db.insert(transfers).values({
        sender: m.sender,
        recipient: m.recipient,
        amount: m.amount,
        time: asctime(new Date(nowMs)),
        createdAt: nowMs,
      }),
      m.spend.kind === "once"
        ? db.delete(spentTokens).where(lt(spentTokens.exp, nowSeconds - SPENT_TOKEN_GRACE_SECONDS))
        : db.delete(runSpending).where(lt(runSpending.exp, nowSeconds - SPENT_TOKEN_GRACE_SECONDS)),
    ]);
    return { ok: true, balance: debited[0].zoobars };
  } catch (e) {
    const reason = constraintReason(e);
    if (reason) return { ok: false, reason };
    throw e;
  }
}

function constraintReason(e: unknown): Refusal | null {
  const text = errorChainText(e);
  if (/CHECK constraint failed: run_spending_within_caps/.test(text)) return "run-cap";
  if (/UNIQUE constraint failed: spent_tokens\.jti/.test(text)) return "replayed";
  if (/CHECK constraint failed: balances_zoobars_nonnegative/.test(text)) return "overdrawn";
  if (/FOREIGN KEY constraint failed/.test(text)) return "no-account";
  return null;
}

/** Drizzle may wrap D1's error; the constraint name is in the innermost message. */
function errorChainText(e: unknown): string {
  const parts: string[] = [];
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 5; cur = cur.cause, depth++) parts.push(cur.message);
  return parts.join("\n");
}
