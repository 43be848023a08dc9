import { env } from "cloudflare:workers";
import { fromBase64Url, sha256Base64Url, toBase64Url } from "@zoobar/shared";
import { describe, expect, it } from "vitest";
import { registered } from "./helpers";

interface UserRow {
  username: string;
  salt: string;
  password_hash: string;
  iterations: number;
  created_at: number;
}

const userRow = (username: string) =>
  env.AUTH_DB.prepare("SELECT * FROM users WHERE username = ?").bind(username).first<UserRow>();

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return toBase64Url(new Uint8Array(bits));
}

describe("password storage", () => {
  it("stores a salted PBKDF2-SHA256 hash with its iteration count, never the password", async () => {
    const password = "same password for both";
    const a = await registered(password);
    const b = await registered(password);
    const rowA = (await userRow(a.username))!;
    const rowB = (await userRow(b.username))!;

    expect(rowA.iterations).toBe(100_000);
    expect(fromBase64Url(rowA.salt)!.length).toBeGreaterThanOrEqual(16);
    expect(rowA.salt).not.toBe(rowB.salt);
    expect(rowA.password_hash).not.toBe(rowB.password_hash);
    for (const value of Object.values(rowA)) expect(String(value)).not.toContain(password);

    // The stored value is exactly PBKDF2-SHA256(password, salt, iterations), computed independently here.
    expect(rowA.password_hash).toBe(await pbkdf2(password, fromBase64Url(rowA.salt)!, rowA.iterations));
  });

  it("stores only the hash of the session token", async () => {
    const user = await registered();
    const row = await env.AUTH_DB.prepare("SELECT * FROM sessions WHERE username = ?")
      .bind(user.username)
      .first<Record<string, unknown>>();
    expect(row).not.toBeNull();
    for (const value of Object.values(row!)) expect(String(value)).not.toContain(user.session);
    expect(row!.token_hash).toBe(await sha256Base64Url(user.session));
    expect(row!.id).toBe(user.sid);
    // 32 random bytes in base64url.
    expect(fromBase64Url(user.session)!.length).toBe(32);
  });
});
