// Sessions. The cookie holds a random token; the database holds only its
// SHA-256, so a leaked database cannot be replayed as cookies. A user has at
// most one session (UNIQUE username): logging in overwrites the row, which
// kills the previous cookie and the previous session id in the same write.

import { and, eq, gt } from "drizzle-orm";
import { randomBase64Url, sha256Base64Url } from "@zoobar/shared";
import type { Db } from "./db";
import { sessions } from "./schema";

export const SESSION_TOKEN_BYTES = 32;
export const SESSION_ID_BYTES = 16;
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** base64url of SESSION_TOKEN_BYTES bytes, unpadded. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface LiveSession {
  id: string;
  username: string;
}

/** Starts a new session for `username`, replacing any session it had. Returns the cookie token. */
export async function startSession(db: Db, username: string, nowMs = Date.now()): Promise<LiveSession & { token: string }> {
  const token = randomBase64Url(SESSION_TOKEN_BYTES);
  const row = {
    id: randomBase64Url(SESSION_ID_BYTES),
    tokenHash: await sha256Base64Url(token),
    createdAt: nowMs,
    expiresAt: nowMs + SESSION_LIFETIME_MS,
  };
  await db
    .insert(sessions)
    .values({ username, ...row })
    .onConflictDoUpdate({ target: sessions.username, set: row });
  return { id: row.id, username, token };
}

/** The live session a cookie token belongs to, or null. */
export async function findSession(db: Db, token: unknown, nowMs = Date.now()): Promise<LiveSession | null> {
  if (typeof token !== "string" || !TOKEN_SHAPE.test(token)) return null;
  const found = await db
    .select({ id: sessions.id, username: sessions.username })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, await sha256Base64Url(token)), gt(sessions.expiresAt, nowMs)))
    .get();
  return found ?? null;
}

export async function endSession(db: Db, token: unknown): Promise<void> {
  if (typeof token !== "string" || !TOKEN_SHAPE.test(token)) return;
  await db.delete(sessions).where(eq(sessions.tokenHash, await sha256Base64Url(token)));
}

export async function isSessionLive(db: Db, sid: unknown, username: unknown, nowMs = Date.now()): Promise<boolean> {
  if (typeof sid !== "string" || typeof username !== "string") return false;
  const found = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, sid), eq(sessions.username, username), gt(sessions.expiresAt, nowMs)))
    .get();
  return found !== undefined;
}
