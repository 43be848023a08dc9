// Reads and writes of the profiles database. A write and the spending of the
// capability that paid for it are one D1 batch (one transaction), and the
// primary key on spent_tokens is what refuses a replay.

import { eq, lt } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { SPENT_TOKEN_GRACE_SECONDS } from "@zoobar/shared";
import { profiles, spentTokens } from "./schema";

export type ProfilesDb = DrizzleD1Database;

export function openDb(d1: D1Database): ProfilesDb {
  return drizzle(d1);
}

export async function readProfile(db: ProfilesDb, username: string): Promise<string> {
  const row = await db.select({ text: profiles.text }).from(profiles).where(eq(profiles.username, username)).get();
  return row?.text ?? "";
}

export async function writeProfile(
  db: ProfilesDb,
  w: { username: string; text: string; jti: string; exp: number },
  nowMs = Date.now(),
): Promise<"written" | "replayed"> {
  try {
    await db.batch([
      db.insert(spentTokens).values({ jti: w.jti, exp: w.exp }),
      db
        .insert(profiles)
        .values({ username: w.username, text: w.text, updatedAt: nowMs })
        .onConflictDoUpdate({ target: profiles.username, set: { text: w.text, updatedAt: nowMs } }),
      db.delete(spentTokens).where(lt(spentTokens.exp, Math.floor(nowMs / 1000) - SPENT_TOKEN_GRACE_SECONDS)),
    ]);
    return "written";
  } catch (e) {
    if (isSpentTokenConflict(e)) return "replayed";
    throw e;
  }
}

/** Drizzle may wrap D1's error; the constraint is named in the innermost message. */
function isSpentTokenConflict(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 5; cur = cur.cause, depth++) {
    if (/UNIQUE constraint failed: spent_tokens\.jti/.test(cur.message)) return true;
  }
  return false;
}
