// The course's classic flow over plain HTTP with cookie jars, against all workers
// running together under wrangler dev (real service bindings, real local D1).
import { beforeAll, describe, expect, inject, it } from "vitest";
import { balanceOnPage, CookieClient, loginAs } from "../support/cookie-client";

const base = inject("appUrl");
const C = "/zoobar/index.cgi";

async function balanceOf(client: CookieClient): Promise<number | null> {
  return balanceOnPage((await client.get(`${C}/`)).body);
}

async function send(client: CookieClient, recipient: string, zoobars: string, prefix = C) {
  return client.post(`${prefix}/transfer`, { zoobars, recipient, submission: "Send" });
}

describe("classic flow", () => {
  const test1 = new CookieClient(base);
  const test2 = new CookieClient(base);

  beforeAll(async () => {
    for (const [client, name] of [[test1, "test1"], [test2, "test2"]] as const) {
      const home = await loginAs(client, name, `pw-${name}`, true, C);
      expect(home.status).toBe(200);
      expect(home.body).toContain(`Log out ${name}`);
      expect(home.body).toContain("Balance: 10 zoobars");
    }
  });

  it("sends zoobars, and both sides see the new balances after logging in again", async () => {
    const sent = await send(test1, "test2", "3");
    expect(sent.status).toBe(200);
    expect(sent.body).toContain("Sent 3 zoobars");

    const again1 = await loginAs(test1, "test1", "pw-test1", false, C);
    const again2 = await loginAs(test2, "test2", "pw-test2", false, C);
    expect(balanceOnPage(again1.body)).toBe(7);
    expect(balanceOnPage(again2.body)).toBe(13);

    const view = await test2.get(`${C}/users?user=test1`);
    expect(view.status).toBe(200);
    expect(view.body).toContain('<span id="zoobars" class="7">');
    const log = /<table class="log">([\s\S]*?)<\/table>/.exec(view.body)?.[1] ?? "";
    expect(log).toMatch(/test1[\s\S]*test2[\s\S]*>\s*3\s*</);
    expect(log).toMatch(/[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}/);
  });

  it("serves the same pages at the clean paths", async () => {
    const home = await test1.get("/");
    expect(home.body).toContain("Log out test1");
    const user = await test1.get("/users?user=test2");
    expect(user.body).toContain('<span id="zoobars" class="13">');
    const js = await test1.get("/zoobarjs");
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect(js.body).toContain("7");
  });

  it("refuses a transfer made with a cookie from before the last login, and moves nothing", async () => {
    const stale = CookieClient.withCookiesOf(test1);
    await loginAs(test1, "test1", "pw-test1", false, C);
    const before = await balanceOf(test1);
    const res = await send(stale, "test2", "1");
    expect(res.body).not.toContain("Sent 1 zoobars");
    expect(res.status === 302 || (res.status >= 400 && res.status < 500)).toBe(true);
    expect(await balanceOf(test1)).toBe(before);
    expect(await balanceOf(test2)).toBe(13);
  });

  it.each([
    ["-5"], ["0"], ["2.5"], ["1e3"], ["abc"], [""], ["12345678901234567890"], [" "], ["+3"], ["0x10"], ["１"],
  ])("refuses the amount %j with a clear message and moves nothing", async (amount) => {
    const res = await send(test1, "test2", amount);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).not.toMatch(/Sent \d+ zoobars/);
    expect(res.body).toMatch(/zoobars/i);
    expect(await balanceOf(test1)).toBe(7);
    expect(await balanceOf(test2)).toBe(13);
  });

  it.each([
    ["an unknown recipient", "nobody-here", "1", /no such user|does not exist|unknown|not found/i],
    ["oneself", "test1", "1", /yourself/i],
    ["an overdraft", "test2", "8", /only 7|not enough|insufficient/i],
  ])("refuses a transfer to %s and moves nothing", async (_what, recipient, amount, reason) => {
    const res = await send(test1, recipient, amount);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatch(reason);
    expect(await balanceOf(test1)).toBe(7);
    expect(await balanceOf(test2)).toBe(13);
  });

  it("refuses an empty username or password and a second registration of a taken name", async () => {
    const anon = new CookieClient(base);
    for (const [user, pass] of [["", "x"], ["someone", ""]]) {
      const res = await anon.post(`${C}/login`, { login_username: user, login_password: pass, submit_registration: "Register", nexturl: "/" });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body).toMatch(/required|empty|enter/i);
      expect(anon.cookie("zoobar_session")).toBeUndefined();
    }
    const dup = await anon.post(`${C}/login`, { login_username: "test1", login_password: "other", submit_registration: "Register", nexturl: "/" });
    expect(dup.status).toBeGreaterThanOrEqual(400);
    expect(dup.body).toMatch(/taken|exists/i);
    const wrong = await anon.post(`${C}/login`, { login_username: "test1", login_password: "wrong", submit_login: "Log in", nexturl: "/" });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(anon.cookie("zoobar_session")).toBeUndefined();
  });

  it("refuses cross-site POSTs but serves clients that send neither Origin nor Sec-Fetch-Site", async () => {
    const evil = await test1.post(`${C}/transfer`, { zoobars: "1", recipient: "test2", submission: "Send" }, { origin: "http://evil.example" });
    expect(evil.status).toBe(403);
    const site = await test1.post(`${C}/transfer`, { zoobars: "1", recipient: "test2", submission: "Send" }, { "sec-fetch-site": "cross-site" });
    expect(site.status).toBe(403);
    expect(await balanceOf(test1)).toBe(7);
    const same = await test1.post(`${C}/transfer`, { zoobars: "1", recipient: "test2", submission: "Send" }, { origin: base, "sec-fetch-site": "same-origin" });
    expect(same.body).toContain("Sent 1 zoobars");
    const back = await send(test2, "test1", "1");
    expect(back.body).toContain("Sent 1 zoobars");
  });

  it.each(["http://evil.example/", "//evil.example/", "/\\evil.example", "https:evil.example", "javascript:alert(1)"])(
    "does not redirect off-site after login with nexturl %j",
    async (nexturl) => {
      const client = new CookieClient(base);
      const res = await client.post(`${C}/login`, { login_username: "test2", login_password: "pw-test2", submit_login: "Log in", nexturl });
      expect(res.status).toBe(302);
      const target = new URL(res.location!, base);
      expect(target.origin).toBe(new URL(base).origin);
      expect(res.location!.startsWith("/")).toBe(true);
      expect(res.location!.startsWith("//")).toBe(false);
      // logging in as test2 again rotated test2's session; keep the shared client usable
      await loginAs(test2, "test2", "pw-test2", false, C);
    },
  );

  it("keeps <script> and onerror= in a plain profile off the page", async () => {
    const profile = '<b>hi</b><script>alert(1)</script><img src="https://example.com/x.png" onerror="alert(2)"><a href="javascript:alert(3)">x</a>';
    const saved = await test1.follow(await test1.post(`${C}/`, { profile_update: profile, profile_submit: "Save" }));
    expect(saved.status).toBe(200);
    const view = await test2.get(`${C}/users?user=test1`);
    const box = /<div id="profile"[^>]*>([\s\S]*?)<\/div>\s*(?:<span id="zoobars"|<\/?(?:section|div|table|p|h\d))/.exec(view.body)?.[1] ?? view.body;
    expect(view.body).not.toContain("<script>alert(1)");
    expect(view.body).not.toMatch(/onerror/i);
    expect(view.body).not.toMatch(/javascript:alert/i);
    expect(box).toContain("<b>hi</b>");
  });

  it("refuses a profile over 64 KiB with a clear message and keeps the old one", async () => {
    const res = await test1.post(`${C}/`, { profile_update: "x".repeat(64 * 1024 + 1), profile_submit: "Save" });
    expect(res.status).toBe(413);
    expect(res.body).toMatch(/too long|65536|64 KiB/i);
    const view = await test2.get(`${C}/users?user=test1`);
    expect(view.body).toContain("<b>hi</b>");
  });

  it("works for usernames with quotes, slashes, dots, markup, percent signs, emoji and other scripts", async () => {
    const name = `a/b "q" '..' <i>#%25 😀 名前`;
    const client = new CookieClient(base);
    const home = await loginAs(client, name, "pw", true, C);
    expect(home.status).toBe(200);
    expect(home.body).not.toContain("<i>#");
    expect(home.body).toContain("Log out a/b &quot;q&quot;");
    expect(home.body).toContain("&lt;i&gt;#%25 😀 名前");
    const view = await test1.get(`/users?user=${encodeURIComponent(name)}`);
    expect(view.status).toBe(200);
    expect(view.body).toContain('<span id="zoobars" class="10">');
    const sent = await send(test1, name, "2", "");
    expect(sent.body).toContain("Sent 2 zoobars");
    const composed = "café";
    const d = new CookieClient(base);
    await loginAs(d, composed.normalize("NFD"), "pw", true, C);
    const dup = await new CookieClient(base).post(`${C}/login`, { login_username: composed, login_password: "pw2", submit_registration: "Register", nexturl: "/" });
    expect(dup.body).toMatch(/taken|exists/i);
    await send(test1, "test2", "2", "");
  });

  it("answers unknown pages and users with real 404 pages and no stack traces", async () => {
    const missing = await test1.get("/no/such/page");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatch(/<html/i);
    const ghost = await test1.get(`${C}/users?user=ghost-user`);
    expect(ghost.status).toBe(404);
    expect(ghost.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("ends the session at logout", async () => {
    const client = new CookieClient(base);
    await loginAs(client, "leaver", "pw", true, C);
    const cookieBefore = CookieClient.withCookiesOf(client);
    await client.get(`${C}/logout`);
    const after = await cookieBefore.get(`${C}/`);
    expect(after.status).toBe(302);
    expect(after.location).toMatch(/login/);
    const res = await send(cookieBefore, "test1", "1");
    expect(res.body).not.toContain("Sent 1 zoobars");
  });
});
