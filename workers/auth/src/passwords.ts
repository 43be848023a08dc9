// Password hashing: PBKDF2-SHA256 through WebCrypto, the strongest scheme the
// Workers runtime offers natively. 100,000 iterations is the most it allows.

import { constantTimeEqual, fromBase64Url, toBase64Url } from "@zoobar/shared";

export const PBKDF2_ITERATIONS = 100_000;
export const SALT_BYTES = 16;
const HASH_BITS = 256;
/** Bounds the work an attacker can make us do per attempt; far beyond any real password. */
export const PASSWORD_MAX_BYTES = 1024;

export interface PasswordRecord {
  salt: string;
  passwordHash: string;
  iterations: number;
}

export type PasswordCheck = { ok: true; password: string } | { ok: false; error: string };

export function checkPassword(raw: unknown): PasswordCheck {
  if (typeof raw !== "string" || raw.length === 0) return { ok: false, error: "Password is required." };
  // NFC so the same password typed on different systems hashes the same.
  const password = raw.normalize("NFC");
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) {
    return { ok: false, error: `Password is too long (at most ${PASSWORD_MAX_BYTES} bytes).` };
  }
  return { ok: true, password };
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<PasswordRecord> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await pbkdf2(password, salt, PBKDF2_ITERATIONS);
  return { salt: toBase64Url(salt), passwordHash: toBase64Url(hash), iterations: PBKDF2_ITERATIONS };
}

export async function verifyPassword(password: string, record: PasswordRecord): Promise<boolean> {
  const salt = fromBase64Url(record.salt);
  const expected = fromBase64Url(record.passwordHash);
  if (!salt || !expected) return false;
  return constantTimeEqual(await pbkdf2(password, salt, record.iterations), expected);
}

/**
 * Spends the same work as a real check, so that "no such user" and "wrong
 * password" cannot be told apart by how long the answer takes.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  await pbkdf2(password, new Uint8Array(SALT_BYTES), PBKDF2_ITERATIONS);
}
