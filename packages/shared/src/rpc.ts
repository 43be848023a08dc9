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
  /** A single-use ticket naming the session's user as visitor and `owner` as the profile to run. */
  mintViewTicket(session: string, owner: string): Promise<Result<{ ticket: string }>>;
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

/** What auth hands the runner for one view: who is looking at whose profile, and the owner-scoped run capability. */
export interface ViewGrant {
  owner: string;
  visitor: string;
  /** A "run" capability: lets this run's code move zoobars from `owner` only, within the per-run caps. */
  runToken: string;
  /** The run capability's id, for logs. */
  runId: string;
}

/** auth, as the profile runner sees it: it can only trade a view ticket for a run. */
export interface AuthForRunnerApi {
  exchangeViewTicket(ticket: string): Promise<Result<ViewGrant>>;
}

/** bank, as the profile runner sees it: reads, and transfers from the run's owner only. */
export interface BankForRunnerApi {
  getBalance(username: string): Promise<number | null>;
  /** Newest first. */
  getTransfers(username: string): Promise<Transfer[]>;
  xferFromOwner(runToken: string, target: string, zoobars: number): Promise<Result<{ amount: number; balance: number }>>;
}

/** Most transfers, and most zoobars, one run's code may move from its owner. */
export const RUN_MAX_TRANSFERS = 10;
export const RUN_MAX_ZOOBARS = 100;

/** How one run of a profile ended. */
export interface ProfileRun {
  /** What the code printed: HTML the frontend sanitizes like any profile. */
  output: string;
  /** "ok" includes sys.exit(); "exception" is an uncaught error; "limit" a resource limit that ended the run. */
  outcome: "ok" | "exception" | "limit";
  /** For "exception" and "limit". The traceback is present only when the visitor is the owner. */
  error?: { type: string; message: string; traceback?: string };
}

/** profile-runner, as the frontend sees it: it never hands the runner code, only a ticket. */
export interface RunnerForFrontendApi {
  viewProfile(ticket: string): Promise<Result<{ run: ProfileRun }>>;
}
