// Executable profiles: a visitor's session buys a single-use view ticket naming
// the owner; the runner trades that ticket here for an owner-scoped run
// capability. Auth is both minter and checker of tickets, so the ticket is
// verified with the public half of auth's own signing key.

import { lt, eq } from "drizzle-orm";
import {
  importKeyOnce,
  newTokenPayload,
  normalizeUsername,
  publicJwkOf,
  signToken,
  SPENT_TOKEN_GRACE_SECONDS,
  TokenError,
  verifyToken,
  type Result,
  type TokenPayload,
  type ViewGrant,
} from "@zoobar/shared";
import { signingKey } from "./capabilities";
import { openDb, type Env } from "./db";
import { spentViewTickets, users } from "./schema";
import { findSession, isSessionLive } from "./sessions";


export async function mintViewTicket(env: Env, session: string, rawOwner: string): Promise<Result<{ ticket: string }>> {
  const owner = normalizeUsername(rawOwner);
  if (!owner.ok) return owner;
  const db = openDb(env);
  const visitor = await findSession(db, session);
  if (!visitor) return { ok: false, error: "You are not logged in." };
  const exists = await db.select({ u: users.username }).from(users).where(eq(users.username, owner.username)).get();
  if (!exists) return { ok: false, error: `There is no such user: "${owner.username}".` };
  const payload = newTokenPayload("view-ticket", visitor.username, visitor.id, Date.now(), { owner: owner.username });
  return { ok: true, ticket: await signToken(payload, await signingKey(env.AUTH_SIGNING_KEY)) };
}

export async function exchangeViewTicket(env: Env, ticket: unknown): Promise<Result<ViewGrant>> {
  const key = await signingKey(env.AUTH_SIGNING_KEY);
  let payload: TokenPayload;
  try {
    payload = await verifyToken(ticket, await importKeyOnce("verify", publicJwkOf(env.AUTH_SIGNING_KEY)), { kind: "view-ticket" });
  } catch (e) {
    if (e instanceof TokenError) return { ok: false, error: `The view ticket was refused: ${e.message}.` };
    throw e;
  }
  const db = openDb(env);
  if (!(await isSessionLive(db, payload.sid, payload.sub))) {
    return { ok: false, error: "The visitor's session has ended; log in again." };
  }
  const now = Math.floor(Date.now() / 1000);
  const [spent] = await db.batch([
    db.insert(spentViewTickets).values({ jti: payload.jti, exp: payload.exp }).onConflictDoNothing().returning(),
    db.delete(spentViewTickets).where(lt(spentViewTickets.exp, now - SPENT_TOKEN_GRACE_SECONDS)),
  ]);
  if (spent.length === 0) return { ok: false, error: "This view ticket was already used." };
  const owner = payload.owner!;
  const run = newTokenPayload("run", owner, payload.sid, Date.now(), { visitor: payload.sub });
  return { ok: true, owner, visitor: payload.sub, runToken: await signToken(run, key), runId: run.jti };
}
