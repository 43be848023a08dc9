// Reads, before a transfer, what is needed to explain a refusal clearly. It
// guards nothing: by the time the transfer runs these facts may have changed,
// and ledger.moveZoobars enforces them again inside its transaction.

import { eq, inArray } from "drizzle-orm";
import { ALREADY_MADE, NO_ACCOUNT, noSuchUser, onlyHave } from "./messages";
import type { BankDb } from "./ledger";
import { balances, spentTokens } from "./schema";

export async function transferPrecheck(
  db: BankDb,
  t: { sender: string; recipient: string; amount: number; jti: string; checkSpent: boolean },
): Promise<string | null> {
  const [accounts, spent] = await db.batch([
    db.select().from(balances).where(inArray(balances.username, [t.sender, t.recipient])),
    db.select({ jti: spentTokens.jti }).from(spentTokens).where(eq(spentTokens.jti, t.jti)),
  ]);
  if (t.checkSpent && spent.length > 0) return ALREADY_MADE;
  const sender = accounts.find((a) => a.username === t.sender);
  if (!accounts.some((a) => a.username === t.recipient)) return noSuchUser(t.recipient);
  if (!sender) return NO_ACCOUNT;
  if (sender.zoobars < t.amount) return onlyHave(sender.zoobars);
  return null;
}
