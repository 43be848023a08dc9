import { newTokenPayload, RUN_TOKEN_LIFETIME_SECONDS, signToken, importSigningKey } from "@zoobar/shared";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { auth, mustOk, registered, runnerView, verify } from "./helpers";

describe("view tickets and run capabilities", () => {
  it("trades a visitor's ticket for a run capability scoped to the owner", async () => {
    const owner = await registered();
    const visitor = await registered();
    const ticket = mustOk(await auth().mintViewTicket(visitor.session, owner.username)).ticket;
    const ticketPayload = await verify(ticket, { kind: "view-ticket", sub: visitor.username });
    expect(ticketPayload).toMatchObject({ aud: "auth", owner: owner.username, sid: visitor.sid });

    const grant = mustOk(await runnerView().exchangeViewTicket(ticket));
    expect(grant.owner).toBe(owner.username);
    expect(grant.visitor).toBe(visitor.username);
    const run = await verify(grant.runToken, { kind: "run", sub: owner.username });
    expect(run).toMatchObject({ aud: "bank", sub: owner.username, visitor: visitor.username, jti: grant.runId });
    expect(run.exp - run.iat).toBe(RUN_TOKEN_LIFETIME_SECONDS);
  });

  it("lets a ticket buy one run only", async () => {
    const owner = await registered();
    const ticket = mustOk(await auth().mintViewTicket(owner.session, owner.username)).ticket;
    const results = await Promise.all([1, 2, 3].map(() => runnerView().exchangeViewTicket(ticket)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([
      "This view ticket was already used.",
      "This view ticket was already used.",
    ]);
  });

  it("mints no ticket without a live session or for a user that does not exist", async () => {
    const owner = await registered();
    expect(await auth().mintViewTicket("not-a-session", owner.username)).toEqual({ ok: false, error: "You are not logged in." });
    const visitor = await registered();
    expect(await auth().mintViewTicket(visitor.session, "nobody-" + crypto.randomUUID())).toMatchObject({ ok: false });
    expect(await auth().mintViewTicket(visitor.session, " padded")).toMatchObject({ ok: false });
  });

  it("refuses a ticket whose visitor has since logged out or logged in again", async () => {
    const owner = await registered();
    const visitor = await registered("pw");
    const beforeLogout = mustOk(await auth().mintViewTicket(visitor.session, owner.username)).ticket;
    await auth().logout(visitor.session);
    expect(await runnerView().exchangeViewTicket(beforeLogout)).toMatchObject({ ok: false, error: expect.stringMatching(/session has ended/) });

    const again = mustOk(await auth().login(visitor.username, "pw"));
    const stale = mustOk(await auth().mintViewTicket(again.session, owner.username)).ticket;
    mustOk(await auth().login(visitor.username, "pw"));
    expect(await runnerView().exchangeViewTicket(stale)).toMatchObject({ ok: false });
  });

  it("refuses forged, tampered, expired and wrong-kind tickets", async () => {
    const owner = await registered();
    const visitor = await registered();
    const good = mustOk(await auth().mintViewTicket(visitor.session, owner.username)).ticket;
    const [prefix, payload, signature] = good.split(".");
    const refused = async (t: string) => expect((await runnerView().exchangeViewTicket(t)).ok).toBe(false);

    // Another key: a forger cannot mint tickets.
    const otherKeys = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]) as CryptoKeyPair;
    const forged = newTokenPayload("view-ticket", visitor.username, visitor.sid, Date.now(), { owner: owner.username });
    await refused(await signToken(forged, otherKeys.privateKey));
    // Same signature, other owner.
    const fields = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    const swapped = btoa(JSON.stringify({ ...fields, owner: visitor.username })).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    await refused(`${prefix}.${swapped}.${signature}`);
    // Expired, though properly signed.
    const key = await importSigningKey(env.AUTH_SIGNING_KEY);
    const old = newTokenPayload("view-ticket", visitor.username, visitor.sid, Date.now() - 120_000, { owner: owner.username });
    await refused(await signToken(old, key));
    // A transfer token is not a ticket.
    await refused(mustOk(await auth().mintTransferToken(visitor.session)).token);
    await refused("garbage");
    // The good one still works after all that.
    expect((await runnerView().exchangeViewTicket(good)).ok).toBe(true);
  });
});
