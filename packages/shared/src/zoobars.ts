// Amounts of zoobars: whole, positive, written in decimal digits only.

export const STARTING_BALANCE = 10;
/** No balance can reach this, so longer digit strings are refused before any arithmetic. */
export const MAX_TRANSFER_DIGITS = 12;

export type AmountCheck = { ok: true; amount: number } | { ok: false; error: string };

export function parseZoobarAmount(raw: unknown): AmountCheck {
  const text = typeof raw === "string" ? raw.trim() : typeof raw === "number" ? String(raw) : "";
  if (text === "") return { ok: false, error: "Enter the number of zoobars to send." };
  if (!/^[0-9]+$/.test(text)) {
    return { ok: false, error: "The number of zoobars must be a whole number written in digits (0-9) only." };
  }
  const digits = text.replace(/^0+(?=.)/, "");
  if (digits.length > MAX_TRANSFER_DIGITS) return { ok: false, error: "That number of zoobars is too large." };
  const amount = Number(digits);
  if (amount <= 0) return { ok: false, error: "The number of zoobars must be at least 1." };
  return { ok: true, amount };
}
