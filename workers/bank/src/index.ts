// The bank's whole RPC surface: one entrypoint for the frontend, one for the
// profile runner. Money moves only on a capability minted by auth, and only
// from the user that capability names: a "transfer" capability (once) for the
// frontend, an owner-scoped "run" capability (within per-run caps) for the runner.

import { WorkerEntrypoint } from "cloudflare:workers";
import {
  checkCapability,
  normalizeUsername,
  parseZoobarAmount,
  RUN_MAX_TRANSFERS,
  RUN_MAX_ZOOBARS,
  type BankForFrontendApi,
  type BankForRunnerApi,
  type Result,
  type Transfer,
} from "@zoobar/shared";
import type { Env } from "./env";
import { balanceOf, ensureAccount, moveZoobars, openDb, transfersOf, type Movement } from "./ledger";
import { ALREADY_MADE, NO_ACCOUNT, noSuchUser, onlyHave, RUN_CAP_REACHED } from "./messages";
import { transferPrecheck } from "./precheck";

/** Reads every caller may make. */
class BankReads extends WorkerEntrypoint<Env> {
  async getBalance(username: string): Promise<number | null> {
    const name = normalizeUsername(username);
    if (!name.ok) return null;
    return balanceOf(openDb(this.env.BANK_DB), name.username);
  }

  async getTransfers(username: string): Promise<Transfer[]> {
    const name = normalizeUsername(username);
    if (!name.ok) return [];
    return transfersOf(openDb(this.env.BANK_DB), name.username);
  }
}

export class BankForFrontend extends BankReads implements BankForFrontendApi {
  /**
   * Idempotent: auth hands out an account-open capability at every login, so
   * an account whose opening failed at registration is opened at the next login.
   */
  async openAccount(accountToken: string): Promise<Result<{ balance: number }>> {
    const cap = await checkCapability(this.env, accountToken, "account-open");
    if (!cap.ok) return cap;
    return { ok: true, balance: await ensureAccount(openDb(this.env.BANK_DB), cap.payload.sub) };
  }

  async transfer(transferToken: string, recipient: string, amountText: string): Promise<Result<{ amount: number; balance: number }>> {
    const amount = parseZoobarAmount(amountText);
    if (!amount.ok) return amount;
    const to = normalizeUsername(recipient);
    if (!to.ok) return { ok: false, error: `That is not a valid recipient: ${to.error}` };
    const cap = await checkCapability(this.env, transferToken, "transfer");
    if (!cap.ok) return cap;
    const { sub: sender, jti, exp } = cap.payload;
    return settle(this.env, { sender, recipient: to.username, amount: amount.amount, jti, exp, spend: { kind: "once" } });
  }
}

export class BankForRunner extends BankReads implements BankForRunnerApi {
  /** From the run capability's owner only: there is no parameter naming a sender. */
  async xferFromOwner(runToken: string, target: string, zoobars: number): Promise<Result<{ amount: number; balance: number }>> {
    if (typeof zoobars !== "number" || !Number.isSafeInteger(zoobars) || zoobars <= 0) {
      return { ok: false, error: "zoobars must be a positive whole number." };
    }
    const to = normalizeUsername(target);
    if (!to.ok) return { ok: false, error: `That is not a valid recipient: ${to.error}` };
    const cap = await checkCapability(this.env, runToken, "run");
    if (!cap.ok) return cap;
    const { sub: owner, jti, exp } = cap.payload;
    const spend = { kind: "run", maxTransfers: RUN_MAX_TRANSFERS, maxZoobars: RUN_MAX_ZOOBARS } as const;
    return settle(this.env, { sender: owner, recipient: to.username, amount: zoobars, jti, exp, spend });
  }
}

/** Checks what can be explained clearly first, then moves the zoobars in one transaction that enforces it all again. */
async function settle(env: Env, m: Movement): Promise<Result<{ amount: number; balance: number }>> {
  if (m.recipient === m.sender) return { ok: false, error: "You cannot send zoobars to yourself." };
  const db = openDb(env.BANK_DB);
  const refusal = await transferPrecheck(db, { ...m, checkSpent: m.spend.kind === "once" });
  if (refusal) return { ok: false, error: refusal };

  const moved = await moveZoobars(db, m);
  if (moved.ok) return { ok: true, amount: m.amount, balance: moved.balance };
  switch (moved.reason) {
    case "replayed":
      return { ok: false, error: ALREADY_MADE };
    case "run-cap":
      return { ok: false, error: RUN_CAP_REACHED };
    case "overdrawn":
      return { ok: false, error: onlyHave((await balanceOf(db, m.sender)) ?? 0) };
    case "no-account":
      return { ok: false, error: (await balanceOf(db, m.recipient)) === null ? noSuchUser(m.recipient) : NO_ACCOUNT };
  }
}

export default {
  fetch(): Response {
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
