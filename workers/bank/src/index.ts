// The bank's whole RPC surface: one entrypoint, for the frontend. Money moves
// only through transfer(), only on a "transfer" capability minted by auth,
// and only from the user that capability names.

import { WorkerEntrypoint } from "cloudflare:workers";
import { checkCapability, normalizeUsername, parseZoobarAmount, type BankForFrontendApi, type Result, type Transfer } from "@zoobar/shared";
import type { Env } from "./env";
import { balanceOf, ensureAccount, moveZoobars, openDb, transfersOf } from "./ledger";
import { ALREADY_MADE, NO_ACCOUNT, noSuchUser, onlyHave } from "./messages";
import { transferPrecheck } from "./precheck";

export class BankForFrontend extends WorkerEntrypoint<Env> implements BankForFrontendApi {
  /**
   * Idempotent: auth hands out an account-open capability at every login, so
   * an account whose opening failed at registration is opened at the next login.
   */
  async openAccount(accountToken: string): Promise<Result<{ balance: number }>> {
    const cap = await checkCapability(this.env, accountToken, "account-open");
    if (!cap.ok) return cap;
    return { ok: true, balance: await ensureAccount(openDb(this.env.BANK_DB), cap.payload.sub) };
  }

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

  async transfer(transferToken: string, recipient: string, amountText: string): Promise<Result<{ amount: number; balance: number }>> {
    const amount = parseZoobarAmount(amountText);
    if (!amount.ok) return amount;
    const to = normalizeUsername(recipient);
    if (!to.ok) return { ok: false, error: `That is not a valid recipient: ${to.error}` };
    const cap = await checkCapability(this.env, transferToken, "transfer");
    if (!cap.ok) return cap;
    const { sub: sender, jti, exp } = cap.payload;
    if (to.username === sender) return { ok: false, error: "You cannot send zoobars to yourself." };

    const db = openDb(this.env.BANK_DB);
    // Only for clear messages; the transaction below enforces every rule again by itself.
    const refusal = await transferPrecheck(db, { sender, recipient: to.username, amount: amount.amount, jti });
    if (refusal) return { ok: false, error: refusal };

    const moved = await moveZoobars(db, { sender, recipient: to.username, amount: amount.amount, jti, exp });
    if (moved.ok) return { ok: true, amount: amount.amount, balance: moved.balance };
    switch (moved.reason) {
      case "replayed":
        return { ok: false, error: ALREADY_MADE };
      case "overdrawn":
        return { ok: false, error: onlyHave((await balanceOf(db, sender)) ?? 0) };
      case "no-account":
        return { ok: false, error: (await balanceOf(db, to.username)) === null ? noSuchUser(to.username) : NO_ACCOUNT };
    }
  }
}

export default {
  fetch(): Response {
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
