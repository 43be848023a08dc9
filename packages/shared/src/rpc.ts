/**
 * The RPC contract between workers. Each interface is one WorkerEntrypoint
 * class; a caller's service binding names exactly one of them, so the binding
 * itself is the capability (see each worker's wrangler.toml).
 *
 * Methods report expected failures as values (Result), because an exception
 * thrown across a service binding loses its type; they throw only on bugs.
 */

export type Result<T> = ({ ok: true } & T) | { ok: false; error: string };

export interface Transfer {
  sender: string;
  recipient: string;
  amount: number;
  /** time.asctime() form, UTC. */
  time: string;
}

export interface SessionGrant {
  /** The cookie value; auth keeps only its hash. */
  session: string;
  username: string;
  /** An "account-open" capability so the bank can make sure the balance exists. */
  accountToken: string;
}

/** auth, as the frontend sees it. */
export interface AuthForFrontendApi {
  register(username: string, password: string): Promise<Result<SessionGrant>>;
  login(username: string, password: string): Promise<Result<SessionGrant>>;
  logout(session: string): Promise<void>;
  /** The user a session cookie belongs to, or null if it is not a live session. */
  whoami(session: string): Promise<{ username: string } | null>;
  mintTransferToken(session: string): Promise<Result<{ token: string }>>;
  mintProfileWriteToken(session: string): Promise<Result<{ token: string }>>;
}

/** auth, as the bank and the profiles worker see it: nothing but session liveness. */
export interface AuthSessionCheckApi {
  isSessionLive(sid: string, username: string): Promise<boolean>;
}

/** bank, as the frontend sees it. */
export interface BankForFrontendApi {
  openAccount(accountToken: string): Promise<Result<{ balance: number }>>;
  /** null when there is no such user. */
  getBalance(username: string): Promise<number | null>;
  /** Newest first. */
  getTransfers(username: string): Promise<Transfer[]>;
  transfer(transferToken: string, recipient: string, amountText: string): Promise<Result<{ amount: number; balance: number }>>;
}

/** profiles, as the frontend sees it. */
export interface ProfilesForFrontendApi {
  /** "" when the user has not written a profile. */
  getProfile(username: string): Promise<string>;
  setProfile(profileWriteToken: string, text: string): Promise<Result<{ bytes: number }>>;
}

/** profiles, as the profile runner sees it: it reads the code it runs, and can change nothing. */
export interface ProfilesForRunnerApi {
  /** "" when the user has not written a profile. */
  getProfile(username: string): Promise<string>;
}

/** Largest profile, counted in UTF-8 bytes. */
export const PROFILE_MAX_BYTES = 64 * 1024;
