// The bank's tables. The money invariants live here, in SQL, so that no
// interleaving of concurrent requests can break them: a balance can never go
// below zero (CHECK), a transfer always names two existing accounts (foreign
// keys, which D1 enforces), and a capability id can be spent once (primary key).
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const balances = sqliteTable(
  "balances",
  {
    username: text("username").primaryKey(),
    zoobars: integer("zoobars").notNull(),
  },
  (t) => [check("balances_zoobars_nonnegative", sql`${t.zoobars} >= 0`)],
);

export const transfers = sqliteTable(
  "transfers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sender: text("sender")
      .notNull()
      .references(() => balances.username),
    recipient: text("recipient")
      .notNull()
      .references(() => balances.username),
    amount: integer("amount").notNull(),
    /** time.asctime() text, UTC, exactly as the classic clients expect it. */
    time: text("time").notNull(),
    /** Milliseconds since the epoch; asctime text does not sort. */
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    check("transfers_amount_positive", sql`${t.amount} > 0`),
    check("transfers_not_to_self", sql`${t.sender} <> ${t.recipient}`),
    index("transfers_sender_created").on(t.sender, t.createdAt),
    index("transfers_recipient_created").on(t.recipient, t.createdAt),
  ],
);

/** Ids of transfer capabilities already used; kept until they would have expired anyway. */
export const spentTokens = sqliteTable(
  "spent_tokens",
  {
    jti: text("jti").primaryKey(),
    /** Seconds since the epoch, copied from the token. */
    exp: integer("exp").notNull(),
  },
  (t) => [index("spent_tokens_exp").on(t.exp)],
);

/**
 * What each profile run has moved so far, under its run capability's id. The
 * caps are copied into the row when the run first pays, so the CHECK can refuse
 * the transfer that would exceed them inside the transfer's own transaction.
 */
export const runSpending = sqliteTable(
  "run_spending",
  {
    jti: text("jti").primaryKey(),
    transfers: integer("transfers").notNull(),
    zoobars: integer("zoobars").notNull(),
    maxTransfers: integer("max_transfers").notNull(),
    maxZoobars: integer("max_zoobars").notNull(),
    /** Seconds since the epoch, copied from the run capability. */
    exp: integer("exp").notNull(),
  },
  (t) => [
    check("run_spending_within_caps", sql`${t.transfers} <= ${t.maxTransfers} AND ${t.zoobars} <= ${t.maxZoobars}`),
    index("run_spending_exp").on(t.exp),
  ],
);
