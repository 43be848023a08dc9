// The profiles worker's tables. A write capability's id can be spent once
// (primary key), in the same transaction as the write it pays for.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const profiles = sqliteTable("profiles", {
  username: text("username").primaryKey(),
  /** Exactly as the owner wrote it; the frontend sanitizes on display. */
  text: text("text").notNull(),
  /** Milliseconds since the epoch. */
  updatedAt: integer("updated_at").notNull(),
});

/** Ids of profile-write capabilities already used; kept until they would have expired anyway. */
export const spentTokens = sqliteTable(
  "spent_tokens",
  {
    jti: text("jti").primaryKey(),
    /** Seconds since the epoch, copied from the token. */
    exp: integer("exp").notNull(),
  },
  (t) => [index("spent_tokens_exp").on(t.exp)],
);
