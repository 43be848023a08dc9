import { describe, expect, it } from "vitest";
import { auth, mustOk, registered, uniqueName } from "./helpers";

const BAD_CREDENTIALS = "Wrong username or password.";

const INVISIBLE = "Username must not contain invisible formatting characters (such as zero-width or text-direction marks).";
const NOTHING_VISIBLE = "Username must contain at least one visible character.";

describe("register and login", () => {
  it("registers, then logs in with a new session", async () => {
    const username = uniqueName();
    const first = mustOk(await auth().register(username, "pw-1"));
    expect(first.username).toBe(username);
    expect(await auth().whoami(first.session)).toEqual({ username });

    const second = mustOk(await auth().login(username, "pw-1"));
    expect(second.username).toBe(username);
    expect(second.session).not.toBe(first.session);
    expect(await auth().whoami(second.session)).toEqual({ username });
  });

  it("refuses a wrong password and an unknown user with the same message", async () => {
    const user = await registered("right password");
    expect(await auth().login(user.username, "wrong password")).toEqual({ ok: false, error: BAD_CREDENTIALS });
    expect(await auth().login(uniqueName("nobody"), "right password")).toEqual({ ok: false, error: BAD_CREDENTIALS });
    // A failed attempt does not end the user's session.
    expect(await auth().whoami(user.session)).toEqual({ username: user.username });
  });

  it("refuses empty usernames and passwords, and over-long passwords, with clear messages", async () => {
    expect(await auth().register("", "pw")).toEqual({ ok: false, error: "Username is required." });
    expect(await auth().login("", "pw")).toEqual({ ok: false, error: "Username is required." });
    expect(await auth().register(uniqueName(), "")).toEqual({ ok: false, error: "Password is required." });
    expect(await auth().login(uniqueName(), "")).toEqual({ ok: false, error: "Password is required." });

    const tooLong = await auth().register(uniqueName(), "x".repeat(1025));
    expect(tooLong).toEqual({ ok: false, error: "Password is too long (at most 1024 bytes)." });
    // Counted in UTF-8 bytes, not characters: 513 × "é" is 1026 bytes.
    expect((await auth().register(uniqueName(), "é".repeat(513))).ok).toBe(false);

    const longest = uniqueName();
    mustOk(await auth().register(longest, "x".repeat(1024)));
    mustOk(await auth().login(longest, "x".repeat(1024)));
  });

  it("refuses a second registration of a taken name without touching the first account", async () => {
    const user = await registered("owner's password");
    expect(await auth().register(user.username, "attacker's password")).toEqual({
      ok: false,
      error: "That username is taken.",
    });
    expect(await auth().whoami(user.session)).toEqual({ username: user.username });
    expect((await auth().login(user.username, "attacker's password")).ok).toBe(false);
    mustOk(await auth().login(user.username, "owner's password"));
  });

  it("lets exactly one of several concurrent registrations of one name win", async () => {
    const username = uniqueName("race");
    const passwords = ["pw-a", "pw-b", "pw-c", "pw-d", "pw-e"];
    const results = await Promise.all(passwords.map((pw) => auth().register(username, pw)));
    const winners = passwords.filter((_, i) => results[i].ok);
    expect(winners).toHaveLength(1);
    for (const result of results.filter((r) => !r.ok)) {
      expect(result).toEqual({ ok: false, error: "That username is taken." });
    }
    for (const pw of passwords) {
      expect((await auth().login(username, pw)).ok).toBe(pw === winners[0]);
    }
  });
});

describe("usernames", () => {
  it("treats composed and decomposed forms as the same user (NFC)", async () => {
    const suffix = crypto.randomUUID().slice(0, 8);
    const composed = `caf\u00e9-${suffix}`;
    const decomposed = `cafe\u0301-${suffix}`;
    expect(composed).not.toBe(decomposed);

    const grant = mustOk(await auth().register(decomposed, "pw"));
    expect(grant.username).toBe(composed);
    expect(await auth().register(composed, "other")).toEqual({ ok: false, error: "That username is taken." });
    expect(mustOk(await auth().login(composed, "pw")).username).toBe(composed);
    expect(mustOk(await auth().login(decomposed, "pw")).username).toBe(composed);
  });

  it("lets only one of a concurrent composed/decomposed pair register", async () => {
    const suffix = crypto.randomUUID().slice(0, 8);
    const results = await Promise.all([
      auth().register(`caf\u00e9-${suffix}`, "pw"),
      auth().register(`cafe\u0301-${suffix}`, "pw"),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it.each([
    ["a control character", "bad\u0000name", "Username must not contain control characters."],
    ["a newline", "bad\nname", "Username must not contain control characters."],
    ["DEL", "bad\u007fname", "Username must not contain control characters."],
    ["a leading space", " leading", "Username must not start or end with white space."],
    ["a trailing space", "trailing ", "Username must not start or end with white space."],
    ["a trailing no-break space", "trailing\u00a0", "Username must not start or end with white space."],
    ["65 characters", "a".repeat(65), "Username is too long (65 characters; at most 64)."],
    ["a zero-width space", "\u200balice", INVISIBLE],
    ["a right-to-left override", "\u202eecila", INVISIBLE],
    ["a soft hyphen", "al\u00adice", INVISIBLE],
    ["a byte-order mark inside", "ali\ufeffce", INVISIBLE],
    ["only a blank-looking letter", "\u3164", NOTHING_VISIBLE],
    ["only a blank Braille cell", "\u2800", NOTHING_VISIBLE],
    ["only a joiner", "\u200d", NOTHING_VISIBLE],
    ["only a combining mark", "\u0301", NOTHING_VISIBLE],
  ])("refuses a name with %s", async (_, username, error) => {
    expect(await auth().register(username, "pw")).toEqual({ ok: false, error });
  });

  it.each([
    ["quotes", `"quoted' name`],
    ["a slash", "a/b"],
    ["dot-dot", ".."],
    ["angle brackets", "<script>alert(1)</script>"],
    ["a hash", "#hash"],
    ["a percent", "100%25"],
    ["emoji", "🦓 zebra"],
    ["CJK", "斑马用户"],
    ["an emoji family (joiners)", "👨\u200d👩\u200d👧 family"],
    ["a regional flag (tag characters)", "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f} scot"],
    ["inner spaces", "two  words"],
  ])("accepts a name with %s, exactly as given", async (_, base) => {
    const username = `${base}~${crypto.randomUUID().slice(0, 6)}`;
    const grant = mustOk(await auth().register(username, "pw"));
    expect(grant.username).toBe(username);
    expect(await auth().whoami(grant.session)).toEqual({ username });
    expect(mustOk(await auth().login(username, "pw")).username).toBe(username);
  });

  it("accepts 64 characters, counted as code points", async () => {
    const id = crypto.randomUUID().slice(0, 8);
    const ascii = id + "a".repeat(56);
    const emoji = id + "🦓".repeat(56);
    expect(ascii).toHaveLength(64);
    expect(emoji.length).toBeGreaterThan(64); // UTF-16 units; the rule counts characters
    mustOk(await auth().register(ascii, "pw"));
    mustOk(await auth().register(emoji, "pw"));
  });
});
