// The spent_tokens table every token checker (bank, profiles) keeps in its own
// database, seen from its tests: single use is recorded there, and old ids pruned.

/** Records a spent id whose token expired an hour ago, long past the grace period; returns the id. */
export async function seedLongExpiredSpentToken(db: D1Database, jti: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  await db.prepare("INSERT INTO spent_tokens (jti, exp) VALUES (?, ?)").bind(jti, now - 3600).run();
  return jti;
}

/** The row recorded for a spent id, or null if there is none. */
export function spentToken(db: D1Database, jti: string): Promise<{ exp: number } | null> {
  return db.prepare("SELECT exp FROM spent_tokens WHERE jti = ?").bind(jti).first<{ exp: number }>();
}
