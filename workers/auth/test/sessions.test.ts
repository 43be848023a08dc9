import { env, WorkerEntrypoint } from "cloudflare:workers";
import { AuthForBank, AuthForFrontend, AuthForProfiles, AuthForRunner } from "../src/index";
import { describe, expect, it } from "vitest";
import { auth, bankView, defaultHandler, mustOk, profilesView, registered, uniqueName, verify } from "./helpers";

const NOT_LOGGED_IN = { ok: false, error: "You are not logged in." };

describe("sessions", () => {
  it("rotates on login: the old cookie and the old session id stop working at once", async () => {
    const user = await registered("pw");
    const oldTransfer = mustOk(await auth().mintTransferToken(user.session)).token;

    const again = mustOk(await auth().login(user.username, "pw"));
    const newSid = (await verify(again.accountToken, { kind: "account-open", sub: user.username })).sid;
    expect(newSid).not.toBe(user.sid);

    expect(await auth().whoami(user.session)).toBeNull();
    expect(await auth().mintTransferToken(user.session)).toEqual(NOT_LOGGED_IN);
    expect(await auth().mintProfileWriteToken(user.session)).toEqual(NOT_LOGGED_IN);
    expect(await bankView().isSessionLive(user.sid, user.username)).toBe(false);
    expect(await profilesView().isSessionLive(user.sid, user.username)).toBe(false);
    // A token minted before the new login still verifies by itself, but its session is dead.
    const payload = await verify(oldTransfer, { kind: "transfer", sub: user.username });
    expect(await bankView().isSessionLive(payload.sid, payload.sub)).toBe(false);

    expect(await auth().whoami(again.session)).toEqual({ username: user.username });
    expect(await bankView().isSessionLive(newSid, user.username)).toBe(true);
  });

  it("ends the session on logout", async () => {
    const user = await registered("pw");
    expect(await bankView().isSessionLive(user.sid, user.username)).toBe(true);
    await auth().logout(user.session);
    expect(await auth().whoami(user.session)).toBeNull();
    expect(await auth().mintTransferToken(user.session)).toEqual(NOT_LOGGED_IN);
    expect(await bankView().isSessionLive(user.sid, user.username)).toBe(false);
    expect(await profilesView().isSessionLive(user.sid, user.username)).toBe(false);
    // Logging out twice, or with rubbish, is harmless.
    await auth().logout(user.session);
    await auth().logout("not a token");
    mustOk(await auth().login(user.username, "pw"));
  });

  it("treats an expired session as no session", async () => {
    const user = await registered();
    // Stand-in for 30 days passing: move this session's expiry into the past.
    await env.AUTH_DB.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?").bind(Date.now() - 1, user.sid).run();
    expect(await auth().whoami(user.session)).toBeNull();
    expect(await auth().mintTransferToken(user.session)).toEqual(NOT_LOGGED_IN);
    expect(await bankView().isSessionLive(user.sid, user.username)).toBe(false);
  });

  it("sets sessions to expire in 30 days", async () => {
    const user = await registered();
    const row = await env.AUTH_DB.prepare("SELECT created_at, expires_at FROM sessions WHERE id = ?")
      .bind(user.sid)
      .first<{ created_at: number; expires_at: number }>();
    expect(row!.expires_at - row!.created_at).toBe(30 * 24 * 60 * 60 * 1000);
  });

  it("says a session is live only for the user it belongs to", async () => {
    const a = await registered();
    const b = await registered();
    expect(await bankView().isSessionLive(a.sid, a.username)).toBe(true);
    expect(await bankView().isSessionLive(a.sid, b.username)).toBe(false);
    expect(await profilesView().isSessionLive(b.sid, a.username)).toBe(false);
    expect(await bankView().isSessionLive("no-such-sid", a.username)).toBe(false);
    expect(await bankView().isSessionLive(a.sid, uniqueName("nobody"))).toBe(false);
    // Callers across a binding can send anything; non-strings are simply not live.
    expect(await bankView().isSessionLive(null as unknown as string, a.username)).toBe(false);
  });

  it("does not know unknown or malformed cookies", async () => {
    expect(await auth().whoami("")).toBeNull();
    expect(await auth().whoami("A".repeat(43))).toBeNull();
    expect(await auth().whoami(42 as unknown as string)).toBeNull();
  });
});

describe("entrypoints", () => {
  // RPC exposes exactly the methods on an entrypoint's prototype chain (below
  // WorkerEntrypoint), so that chain is the whole surface a binding grants.
  // (Calling a missing method through the test pool's loopback also fails, but
  // the pool reports it as an unhandled rejection, so the surface is read here.)
  function rpcSurface(entrypoint: { prototype: object }): string[] {
    const names = new Set<string>();
    for (let proto = entrypoint.prototype; proto !== WorkerEntrypoint.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) if (name !== "constructor") names.add(name);
    }
    return [...names].sort();
  }

  it("give the bank and profiles workers only isSessionLive, as separate classes", () => {
    expect(rpcSurface(AuthForBank)).toEqual(["isSessionLive"]);
    expect(rpcSurface(AuthForProfiles)).toEqual(["isSessionLive"]);
    expect(AuthForBank).not.toBe(AuthForProfiles);
  });

  it("give the frontend its seven methods and nothing else", () => {
    expect(rpcSurface(AuthForFrontend)).toEqual(
      ["login", "logout", "mintProfileWriteToken", "mintTransferToken", "mintViewTicket", "register", "whoami"],
    );
  });

  it("give the profile runner only exchangeViewTicket", () => {
    expect(rpcSurface(AuthForRunner)).toEqual(["exchangeViewTicket"]);
  });

  it("answer HTTP with 404", async () => {
    const response = await defaultHandler().fetch("http://auth.internal/");
    expect(response.status).toBe(404);
  });
});
