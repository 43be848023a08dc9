import type { Transfer } from "@zoobar/shared";
import type { TestUser } from "./users";
import { bank } from "./users";

export interface LedgerView {
  balances: Record<string, number | null>;
  logs: Record<string, Transfer[]>;
}

/** Balances and logs of some users, to show that a refused request changed nothing. */
export async function ledgerOf(users: TestUser[]): Promise<LedgerView> {
  const view: LedgerView = { balances: {}, logs: {} };
  for (const u of users) {
    view.balances[u.username] = await bank().getBalance(u.username);
    view.logs[u.username] = await bank().getTransfers(u.username);
  }
  return view;
}
