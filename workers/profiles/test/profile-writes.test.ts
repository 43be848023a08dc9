import { beforeEach, describe, expect, it } from "vitest";
import { PROFILE_MAX_BYTES, newTokenPayload } from "@zoobar/shared";
import {
  auth,
  loginAgain,
  profiles,
  profileWriteToken,
  readPayload,
  registerUser,
  runnerView,
  signWithAuthKey,
  signWithStrangerKey,
  transferToken,
  uniqueName,
  type TestUser,
} from "./support/users";
import { ProfilesForFrontend, ProfilesForRunner } from "../src/index";

let alice: TestUser;
let bob: TestUser;

beforeEach(async () => {
  alice = await registerUser("alice");
  bob = await registerUser("bob");
});

/** Tries a write that must be refused, and checks that alice's profile did not change. */
async function expectRefused(token: unknown, text: unknown, message: RegExp, owner: TestUser = alice): Promise<void> {
  const before = await profiles().getProfile(owner.username);
  expect(await profiles().setProfile(token as string, text as string)).toEqual({ ok: false, error: expect.stringMatching(message) });
  expect(await profiles().getProfile(owner.username)).toBe(before);
}

describe("reading profiles", () => {
  it('answers "" for a user without a profile, an unknown user and an impossible name', async () => {
    expect(await profiles().getProfile(alice.username)).toBe("");
    expect(await profiles().getProfile(uniqueName("ghost"))).toBe("");
    expect(await profiles().getProfile("")).toBe("");
  });

  it("serves the same profile to the runner's read-only entrypoint, by NFC name", async () => {
    const zoe = await registerUser("zo\u00eb");
    expect(await profiles().setProfile(await profileWriteToken(zoe), "#!python\nprint('hi')")).toMatchObject({ ok: true });
    expect(await runnerView().getProfile(zoe.username.normalize("NFD"))).toBe("#!python\nprint('hi')");
  });

  it("gives the runner's entrypoint nothing but getProfile", () => {
    const surface = (cls: Function) => Object.getOwnPropertyNames(cls.prototype).filter((n) => n !== "constructor").sort();
    expect(surface(ProfilesForRunner)).toEqual(["getProfile"]);
    expect(surface(ProfilesForFrontend)).toEqual(["getProfile", "setProfile"]);
  });
});

describe("writing a profile", () => {
  it("is accepted with a valid token, stores the text as given, and replaces the previous one", async () => {
    const text = `<b>hi</b> <script>alert(1)</script>\n\u00e9 \u{1F600}`;
    expect(await profiles().setProfile(await profileWriteToken(alice), text)).toEqual({
      ok: true,
      bytes: new TextEncoder().encode(text).length,
    });
    expect(await profiles().getProfile(alice.username)).toBe(text);
    expect(await profiles().setProfile(await profileWriteToken(alice), "second")).toMatchObject({ ok: true });
    expect(await profiles().getProfile(alice.username)).toBe("second");
    expect(await profiles().setProfile(await profileWriteToken(alice), "")).toEqual({ ok: true, bytes: 0 });
    expect(await profiles().getProfile(alice.username)).toBe("");
  });

  it("changes only the token owner's profile", async () => {
    await profiles().setProfile(await profileWriteToken(bob), "bob's own words");
    expect(await profiles().setProfile(await profileWriteToken(alice), "alice's words")).toMatchObject({ ok: true });
    expect(await profiles().getProfile(bob.username)).toBe("bob's own words");
  });

  it.each([
    ["no token", undefined],
    ["an empty token", ""],
    ["garbage", "garbage"],
    ["a short signature", "zb1.e30.AAAA"],
  ])("is refused with %s", async (_label, token) => {
    await expectRefused(token, "pwned", /not authorized/);
  });

  it("is refused with a forged token (signed with another key)", async () => {
    const real = readPayload(await profileWriteToken(alice));
    await expectRefused(await signWithStrangerKey(real), "pwned", /signature/);
  });

  it("is refused with an altered token (alice's signature over a payload naming bob)", async () => {
    const [prefix, , signature] = (await profileWriteToken(alice)).split(".");
    const payload = { ...readPayload(await profileWriteToken(alice)), sub: bob.username };
    const altered = btoa(JSON.stringify(payload)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    await expectRefused(`${prefix}.${altered}.${signature}`, "pwned", /signature/, bob);
  });

  it("is refused with another user's session behind a token for this user", async () => {
    // Correctly signed, names alice, but carries bob's session: only auth's liveness check can catch it.
    const bobsSid = readPayload(await profileWriteToken(bob)).sid;
    await expectRefused(await signWithAuthKey(newTokenPayload("profile-write", alice.username, bobsSid)), "pwned", /session has ended/);
  });

  it("with another user's token writes that user's profile, never this one", async () => {
    // There is no way to name whose profile to write: it is always the token's user.
    expect(await profiles().setProfile(await profileWriteToken(bob), "bob")).toMatchObject({ ok: true });
    expect(await profiles().getProfile(alice.username)).toBe("");
  });

  it("is refused with a transfer token or an account-open token", async () => {
    await expectRefused(await transferToken(alice), "pwned", /"transfer", not "profile-write"/);
    const grant = await auth().login(alice.username, alice.password);
    if (!grant.ok) throw new Error(grant.error);
    alice.session = grant.session;
    await expectRefused(grant.accountToken, "pwned", /"account-open", not "profile-write"/);
  });

  it("is refused with an expired token", async () => {
    const real = readPayload(await profileWriteToken(alice));
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await signWithAuthKey({ ...real, iat: now - 120, exp: now - 60 }), "pwned", /expired/);
  });

  it("is refused after logout", async () => {
    const token = await profileWriteToken(alice);
    await auth().logout(alice.session);
    await expectRefused(token, "pwned", /session has ended/);
  });

  it("is refused after a newer login, which a fresh token then overcomes", async () => {
    const token = await profileWriteToken(alice);
    await loginAgain(alice);
    await expectRefused(token, "pwned", /session has ended/);
    expect(await profiles().setProfile(await profileWriteToken(alice), "fresh")).toMatchObject({ ok: true });
  });

  it("is refused when the token is replayed", async () => {
    const token = await profileWriteToken(alice);
    expect(await profiles().setProfile(token, "first")).toMatchObject({ ok: true });
    await expectRefused(token, "second", /already saved/);
    expect(await profiles().getProfile(alice.username)).toBe("first");
  });

  it("with one token used concurrently, happens once", async () => {
    const token = await profileWriteToken(alice);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => profiles().setProfile(token, `try ${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe("the profile size limit", () => {
  it(`accepts exactly ${PROFILE_MAX_BYTES} bytes and refuses one more`, async () => {
    const max = "a".repeat(PROFILE_MAX_BYTES);
    expect(await profiles().setProfile(await profileWriteToken(alice), max)).toEqual({ ok: true, bytes: PROFILE_MAX_BYTES });
    expect(await profiles().getProfile(alice.username)).toBe(max);
    await expectRefused(await profileWriteToken(alice), max + "a", /^Profile is too long: 65537 bytes; the limit is 65536\.$/);
  });

  it("counts UTF-8 bytes, not characters", async () => {
    // "é" is 2 bytes, "€" 3, "😀" 4 (and 2 UTF-16 code units).
    const fits = "€".repeat(21845) + "a"; // 65,535 + 1 bytes, 21,846 characters
    expect(await profiles().setProfile(await profileWriteToken(alice), fits)).toEqual({ ok: true, bytes: PROFILE_MAX_BYTES });
    await expectRefused(await profileWriteToken(alice), "\u{1F600}".repeat(16384) + "é", /too long: 65538 bytes/);
    await expectRefused(await profileWriteToken(alice), "é".repeat(32769), /too long: 65538 bytes/);
  });

  it("refuses text that is not a string or not valid Unicode", async () => {
    await expectRefused(await profileWriteToken(alice), 42, /must be text/);
    await expectRefused(await profileWriteToken(alice), null, /must be text/);
    await expectRefused(await profileWriteToken(alice), { text: "x" }, /must be text/);
    await expectRefused(await profileWriteToken(alice), "bad \ud800 surrogate", /not valid Unicode/);
  });
});
