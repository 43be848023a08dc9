// auth's whole RPC surface. Each caller binds one entrypoint (see the
// wrangler.toml files), so the bank and profiles workers can ask whether a
// session is live and nothing more.

import { WorkerEntrypoint } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import {
  normalizeUsername,
  type AuthForFrontendApi,
  type AuthForRunnerApi,
  type AuthSessionCheckApi,
  type Result,
  type SessionGrant,
  type TokenKind,
  type ViewGrant,
} from "@zoobar/shared";
import { mint, signingKey } from "./capabilities";
import { openDb, type Db, type Env } from "./db";
import { burnPasswordCheck, checkPassword, hashPassword, verifyPassword } from "./passwords";
import { users } from "./schema";
import { endSession, findSession, isSessionLive, startSession, type LiveSession } from "./sessions";
import { exchangeViewTicket, mintViewTicket } from "./view-tickets";

/** One message for both, so login does not reveal which usernames exist. */
const BAD_CREDENTIALS = "Wrong username or password.";
const NOT_LOGGED_IN = "You are not logged in.";

export class AuthForFrontend extends WorkerEntrypoint<Env> implements AuthForFrontendApi {
  async register(rawUsername: string, rawPassword: string): Promise<Result<SessionGrant>> {
    const checked = await checkCredentials(this.env, rawUsername, rawPassword);
    if (!checked.ok) return checked;
    const { username, password, key, db } = checked;
    const record = await hashPassword(password);
    // The primary key decides who gets a name, so two racing registrations
    // cannot both succeed; there is deliberately no separate "exists?" check.
    const inserted = await db
      .insert(users)
      .values({ username, ...record, createdAt: Date.now() })
      .onConflictDoNothing()
      .returning({ username: users.username });
    if (inserted.length === 0) return { ok: false, error: "That username is taken." };
    return grant(await startSession(db, username), key);
  }

  async login(rawUsername: string, rawPassword: string): Promise<Result<SessionGrant>> {
    const checked = await checkCredentials(this.env, rawUsername, rawPassword);
    if (!checked.ok) return checked;
    const { username, password, key, db } = checked;
    const user = await db.select().from(users).where(eq(users.username, username)).get();
    if (!user) {
      await burnPasswordCheck(password);
      return { ok: false, error: BAD_CREDENTIALS };
    }
    if (!(await verifyPassword(password, user))) return { ok: false, error: BAD_CREDENTIALS };
    return grant(await startSession(db, user.username), key);
  }

  async logout(session: string): Promise<void> {
    await endSession(openDb(this.env), session);
  }

  async whoami(session: string): Promise<{ username: string } | null> {
    const found = await findSession(openDb(this.env), session);
    return found ? { username: found.username } : null;
  }

  mintTransferToken(session: string): Promise<Result<{ token: string }>> {
    return mintFor(this.env, "transfer", session);
  }

  mintProfileWriteToken(session: string): Promise<Result<{ token: string }>> {
    return mintFor(this.env, "profile-write", session);
  }

  mintViewTicket(session: string, owner: string): Promise<Result<{ ticket: string }>> {
    return mintViewTicket(this.env, session, owner);
  }
}

// Helpers live outside the class: every method of an entrypoint class is
// callable over RPC, and these must not be.

/**
 * What register and login both need before touching an account: a valid name and password, then the signing key
 * (loaded first, so a misconfigured key fails the request before anything is written) and the database.
 */
async function checkCredentials(
  env: Env,
  rawUsername: string,
  rawPassword: string,
): Promise<Result<{ username: string; password: string; key: CryptoKey; db: Db }>> {
  const name = normalizeUsername(rawUsername);
  if (!name.ok) return name;
  const password = checkPassword(rawPassword);
  if (!password.ok) return password;
  const key = await signingKey(env.AUTH_SIGNING_KEY);
  return { ok: true, username: name.username, password: password.password, key, db: openDb(env) };
}

async function grant(session: LiveSession & { token: string }, key: CryptoKey): Promise<Result<SessionGrant>> {
  const accountToken = await mint("account-open", session, key);
  return { ok: true, session: session.token, username: session.username, accountToken };
}

async function mintFor(env: Env, kind: TokenKind, token: string): Promise<Result<{ token: string }>> {
  const session = await findSession(openDb(env), token);
  if (!session) return { ok: false, error: NOT_LOGGED_IN };
  return { ok: true, token: await mint(kind, session, await signingKey(env.AUTH_SIGNING_KEY)) };
}

/** The one question token checkers need answered: is the session that asked for this token still live? */
class SessionCheck extends WorkerEntrypoint<Env> implements AuthSessionCheckApi {
  isSessionLive(sid: string, username: string): Promise<boolean> {
    return isSessionLive(openDb(this.env), sid, username);
  }
}

export class AuthForBank extends SessionCheck {}
export class AuthForProfiles extends SessionCheck {}

/** The profile runner may only trade a view ticket for an owner-scoped run capability. */
export class AuthForRunner extends WorkerEntrypoint<Env> implements AuthForRunnerApi {
  exchangeViewTicket(ticket: string): Promise<Result<ViewGrant>> {
    return exchangeViewTicket(this.env, ticket);
  }
}

export default {
  fetch(): Response {
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
