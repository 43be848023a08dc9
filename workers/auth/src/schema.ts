import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const users = sqliteTable("users", {
  /** NFC-normalized; the primary key is what makes registration race-safe. */
  username: text("username").primaryKey(),
  /** base64url of 16 random bytes. */
  salt: text("salt").notNull(),
  /** base64url of the PBKDF2-SHA256 output (32 bytes). */
  passwordHash: text("password_hash").notNull(),
  /** Stored per user so the work factor can be raised later without breaking old hashes. */
  iterations: integer("iterations").notNull(),
  /** Milliseconds since the epoch. */
  createdAt: integer("created_at").notNull(),
});

export const sessions = sqliteTable("sessions", {
  /** Random id carried inside capability tokens as `sid`; it is not the cookie. */
  id: text("id").primaryKey(),
  /** UNIQUE: one live session per user, so a new login replaces the old one in a single upsert. */
  username: text("username")
    .notNull()
    .unique()
    .references(() => users.username, { onDelete: "cascade" }),
  /** base64url SHA-256 of the cookie token; the token itself is never stored. */
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/** View tickets already traded for a run: a ticket buys one run only. */
export const spentViewTickets = sqliteTable("spent_view_tickets", {
  jti: text("jti").primaryKey(),
  /** The ticket's own expiry (seconds); rows are pruned some time after it. */
  exp: integer("exp").notNull(),
});
