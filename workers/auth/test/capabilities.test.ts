import { fromBase64Url, newTokenPayload, signToken, toBase64Url, TOKEN_LIFETIME_SECONDS } from "@zoobar/shared";
import { describe, expect, it } from "vitest";
import { auth, bankView, mustOk, profilesView, registered, verify } from "./helpers";

const NOT_LOGGED_IN = { ok: false, error: "You are not logged in." };

/** Replaces fields of a token's payload but keeps its original signature. */
function tamper(token: string, change: Record<string, unknown>): string {
  const [prefix, payload, signature] = token.split(".");
  const fields = JSON.parse(new TextDecoder().decode(fromBase64Url(payload)!));
  const changed = toBase64Url(new TextEncoder().encode(JSON.stringify({ ...fields, ...change })));
  return `${prefix}.${changed}.${signature}`;
}

describe("minting", () => {
  it("mints a transfer token bound to the user and the live session", async () => {
    const user = await registered();
    const token = mustOk(await auth().mintTransferToken(user.session)).token;
    const payload = await verify(token, { kind: "transfer", sub: user.username });
    expect(payload).toMatchObject({ kind: "transfer", aud: "bank", sub: user.username, sid: user.sid });
    expect(payload.exp - payload.iat).toBe(TOKEN_LIFETIME_SECONDS);
    expect(await bankView().isSessionLive(payload.sid, payload.sub)).toBe(true);

    const another = await verify(mustOk(await auth().mintTransferToken(user.session)).token, { kind: "transfer" });
    expect(another.jti).not.toBe(payload.jti);
  });

  it("mints a profile-write token for the profiles worker", async () => {
    const user = await registered();
    const token = mustOk(await auth().mintProfileWriteToken(user.session)).token;
    const payload = await verify(token, { kind: "profile-write", sub: user.username });
    expect(payload).toMatchObject({ aud: "profiles", sub: user.username, sid: user.sid });
    expect(await profilesView().isSessionLive(payload.sid, payload.sub)).toBe(true);
  });

  it("hands out an account-open token on register and on login", async () => {
    const user = await registered("pw");
    const onRegister = await verify(user.grant.accountToken, { kind: "account-open", sub: user.username });
    expect(onRegister.aud).toBe("bank");
    const login = mustOk(await auth().login(user.username, "pw"));
    const onLogin = await verify(login.accountToken, { kind: "account-open", sub: user.username });
    expect(await bankView().isSessionLive(onLogin.sid, user.username)).toBe(true);
    expect(onLogin.sid).not.toBe(onRegister.sid);
  });

  it("refuses to mint without a live session", async () => {
    for (const session of ["", "A".repeat(43), "not even base64url!", null]) {
      expect(await auth().mintTransferToken(session as string)).toEqual(NOT_LOGGED_IN);
      expect(await auth().mintProfileWriteToken(session as string)).toEqual(NOT_LOGGED_IN);
    }
  });
});

describe("a verifier holding only the public key refuses", () => {
  it("a token signed with another key", async () => {
    const user = await registered();
    const other = (await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"])) as CryptoKeyPair;
    const forged = await signToken(newTokenPayload("transfer", user.username, user.sid), other.privateKey);
    await expect(verify(forged, { kind: "transfer", sub: user.username })).rejects.toThrow(/signature is invalid/);
  });

  it("a genuine token with a changed payload or signature", async () => {
    const victim = await registered();
    const attacker = await registered();
    const token = mustOk(await auth().mintTransferToken(attacker.session)).token;
    await verify(token, { kind: "transfer", sub: attacker.username }); // the original is fine

    const stolen = tamper(token, { sub: victim.username, sid: victim.sid });
    await expect(verify(stolen, { kind: "transfer", sub: victim.username })).rejects.toThrow(/signature is invalid/);
    const longer = tamper(token, { exp: 9_999_999_999 });
    await expect(verify(longer, { kind: "transfer" })).rejects.toThrow(/signature is invalid/);

    const signature = fromBase64Url(token.split(".")[2])!;
    signature[0] ^= 1;
    const flipped = `${token.split(".").slice(0, 2).join(".")}.${toBase64Url(signature)}`;
    await expect(verify(flipped, { kind: "transfer" })).rejects.toThrow(/signature is invalid/);
  });

  it("an expired token", async () => {
    const user = await registered();
    const token = mustOk(await auth().mintTransferToken(user.session)).token;
    const { exp } = await verify(token, { kind: "transfer" });
    // Still good one second before it expires, refused from the expiry second on.
    await verify(token, { kind: "transfer" }, (exp - 1) * 1000);
    await expect(verify(token, { kind: "transfer" }, exp * 1000)).rejects.toThrow(/expired/);
    await expect(verify(token, { kind: "transfer" }, Date.now() + 60_000)).rejects.toThrow(/expired/);
  });

  it("a token of the wrong kind", async () => {
    const user = await registered();
    const transfer = mustOk(await auth().mintTransferToken(user.session)).token;
    const profileWrite = mustOk(await auth().mintProfileWriteToken(user.session)).token;
    await expect(verify(transfer, { kind: "profile-write" })).rejects.toThrow(/not "profile-write"/);
    await expect(verify(profileWrite, { kind: "transfer" })).rejects.toThrow(/not "transfer"/);
    await expect(verify(user.grant.accountToken, { kind: "transfer" })).rejects.toThrow(/not "transfer"/);
  });

  it("a token for another sender", async () => {
    const alice = await registered();
    const bob = await registered();
    const token = mustOk(await auth().mintTransferToken(alice.session)).token;
    await expect(verify(token, { kind: "transfer", sub: bob.username })).rejects.toThrow(/another user/);
  });

  it("a token whose session has ended, by logout or by a newer login", async () => {
    const user = await registered("pw");
    const beforeLogout = await verify(mustOk(await auth().mintTransferToken(user.session)).token, { kind: "transfer" });
    const profileBeforeLogout = await verify(mustOk(await auth().mintProfileWriteToken(user.session)).token, {
      kind: "profile-write",
    });
    await auth().logout(user.session);
    // The signature and expiry still check out; only the liveness question catches it.
    expect(await bankView().isSessionLive(beforeLogout.sid, beforeLogout.sub)).toBe(false);
    expect(await profilesView().isSessionLive(profileBeforeLogout.sid, profileBeforeLogout.sub)).toBe(false);

    const first = mustOk(await auth().login(user.username, "pw"));
    const beforeRelogin = await verify(mustOk(await auth().mintTransferToken(first.session)).token, { kind: "transfer" });
    expect(await bankView().isSessionLive(beforeRelogin.sid, beforeRelogin.sub)).toBe(true);
    mustOk(await auth().login(user.username, "pw"));
    expect(await bankView().isSessionLive(beforeRelogin.sid, beforeRelogin.sub)).toBe(false);
  });
});
