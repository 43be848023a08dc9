import { describe, expect, it } from "vitest";
import { Client, uniqueName } from "./support/client";

async function twoUsers() {
  const a = new Client();
  const b = new Client();
  const aName = uniqueName("alice");
  const bName = uniqueName("bob");
  await a.register(aName);
  await b.register(bName);
  return { a, b, aName, bName };
}

describe("login, registration and logout", () => {
  it("registers, sets a safe cookie, and shows the balance", async () => {
    const client = new Client();
    const name = uniqueName("reg");
    const res = await client.register(name);
    expect(res.headers.get("Location")).toBe("/");
    const cookie = res.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^zoobar_session=[A-Za-z0-9_-]{22,}; /);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Secure");
    const home = await client.get("/");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain(`Log out ${name}`);
    expect(html).toContain("Balance: 10 zoobars");
  });

  it("marks the cookie Secure over https", async () => {
    const { exports } = await import("cloudflare:workers");
    const frontend = (exports as unknown as { default: Fetcher }).default;
    const body = new URLSearchParams({ login_username: uniqueName("tls"), login_password: "pw", nexturl: "/", submit_registration: "1" });
    const res = await frontend.fetch(
      new Request("https://zoobar.test/login", {
        method: "POST",
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        redirect: "manual",
      }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toContain("Secure");
  });

  it("shows clear 4xx messages for bad logins and registrations", async () => {
    const client = new Client();
    const name = uniqueName("dup");
    await client.register(name, "first password");
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ login_username: "", login_password: "x", submit_login: "Log in" }, 400, /Username is required/],
      [{ login_username: name, login_password: "", submit_login: "Log in" }, 400, /Enter a password/],
      [{ login_username: name, login_password: "wrong", submit_login: "Log in" }, 403, /./],
      [{ login_username: name, login_password: "x", submit_registration: "Register" }, 400, /./],
    ];
    for (const [form, status, message] of cases) {
      const fresh = new Client();
      const res = await fresh.post("/login", { nexturl: "/", ...form });
      expect(res.status).toBe(status);
      const html = await res.text();
      expect(html).toMatch(/class="notice notice-error"/);
      expect(html).toMatch(message);
      expect(fresh.cookie).toBeNull();
    }
  });

  it("logs out on GET and POST, clears the cookie, and the old cookie stops working", async () => {
    for (const method of ["GET", "POST"]) {
      const client = new Client();
      await client.register(uniqueName("out"));
      const session = client.cookie;
      const res = await client.request("/zoobar/index.cgi/logout", { method });
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe("/zoobar/index.cgi/login");
      expect(res.headers.get("Set-Cookie")).toMatch(/zoobar_session=; Max-Age=0/);
      client.cookie = session;
      const after = await client.get("/");
      expect(after.status).toBe(302);
    }
  });

  it.each([
    ["an image in a profile", { "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "image" }],
    ["a link from another site", { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "document" }],
    ["a script on a sibling site", { "Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "empty" }],
  ])("does not log out on a GET from %s", async (_from, headers) => {
    const client = new Client();
    await client.register(uniqueName("stay"));
    const res = await client.request("/zoobar/index.cgi/logout", { method: "GET", headers });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/zoobar/index.cgi/");
    expect((await client.get("/")).status).toBe(200);
    // A navigation the user made on this site still logs out.
    const deliberate = await client.request("/logout", { method: "GET", headers: { "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "document" } });
    expect(deliberate.headers.get("Location")).toBe("/login");
    expect((await client.get("/")).status).toBe(302);
  });

  it("refuses a chunked form body past the limit without reading it all", async () => {
    const client = new Client();
    await client.register(uniqueName("big"));
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("profile_submit=Save&profile_update="));
      },
      pull(controller) {
        if (sent++ >= 64) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await client.request("/", {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      // @ts-expect-error workerd's fetch takes a stream body without duplex
      duplex: "half",
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/too large/);
    expect(sent).toBeLessThan(64);
  });

  it("after a new login the previous cookie is refused and moves nothing", async () => {
    const { a, aName, bName } = await twoUsers();
    const oldCookie = a.cookie;
    const again = new Client();
    await again.login(aName);
    const stale = new Client();
    stale.cookie = oldCookie;
    const res = await stale.post("/transfer", { zoobars: "3", recipient: bName, submission: "Send" });
    expect(res.status).toBe(302);
    expect(await (await again.get("/")).text()).toContain("Balance: 10 zoobars");
  });
});

describe("pages need a login and keep the classic prefix", () => {
  it.each([
    ["/", "/login?nexturl=%2F"],
    ["/transfer", "/login?nexturl=%2Ftransfer"],
    ["/users?user=x", "/login?nexturl=%2Fusers%3Fuser%3Dx"],
    ["/zoobar/index.cgi/", "/zoobar/index.cgi/login?nexturl=%2Fzoobar%2Findex.cgi%2F"],
    ["/zoobar/index.cgi/transfer", "/zoobar/index.cgi/login?nexturl=%2Fzoobar%2Findex.cgi%2Ftransfer"],
  ])("%s redirects to %s", async (path, location) => {
    const res = await new Client().get(path);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(location);
  });

  it("serves the same pages under /zoobar/index.cgi/ with links kept under it", async () => {
    const client = new Client();
    const name = uniqueName("classic");
    const res = await client.post("/zoobar/index.cgi/login", {
      login_username: name,
      login_password: "pw",
      nexturl: "/zoobar/index.cgi/",
      submit_registration: "Register",
    });
    expect(res.headers.get("Location")).toBe("/zoobar/index.cgi/");
    const html = await (await client.get("/zoobar/index.cgi/")).text();
    expect(html).toContain("Balance: 10 zoobars");
    expect(html).toContain('action="/zoobar/index.cgi/logout"');
    expect(html).toContain('href="/zoobar/index.cgi/transfer"');
    expect(html).toContain('<script src="/zoobar/index.cgi/zoobarjs"></script>');
  });

  it("shows the login form with the classic field names", async () => {
    const html = await (await new Client().get("/zoobar/index.cgi/login?nexturl=/zoobar/index.cgi/transfer")).text();
    for (const field of ['name="login_username"', 'name="login_password"', 'name="submit_login"', 'name="submit_registration"']) {
      expect(html).toContain(field);
    }
    expect(html).toContain('name="nexturl" value="/zoobar/index.cgi/transfer"');
  });
});

describe("transfers", () => {
  it("sends zoobars and shows both sides, with the log on the users page", async () => {
    const { a, b, aName, bName } = await twoUsers();
    const res = await a.post("/zoobar/index.cgi/transfer", { zoobars: "3", recipient: bName, submission: "Send" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Sent 3 zoobars");
    expect(await (await a.get("/")).text()).toContain("Balance: 7 zoobars");
    expect(await (await b.get("/")).text()).toContain("Balance: 13 zoobars");
    const users = await (await b.get(`/zoobar/index.cgi/users?user=${encodeURIComponent(aName)}`)).text();
    expect(users).toContain('<span id="zoobars" class="7">');
    expect(users).toContain('<table class="log">');
    expect(users).toMatch(/<th>Time<\/th><th>Sender<\/th><th>Recipient<\/th><th>Amount<\/th>/);
    expect(users).toMatch(/<td class="time">\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}<\/td>/);
    expect(users).toContain(`>${aName}</a></td><td><a href="/zoobar/index.cgi/users?user=${bName}">${bName}</a></td><td class="amount">3</td>`);
  });

  it.each([
    ["-5", /digits/],
    ["0", /at least 1/],
    ["2.5", /digits/],
    ["1e3", /digits/],
    ["abc", /digits/],
    ["", /Enter the number/],
    ["12345678901234567890", /too large/],
    ["11", /./],
  ])("refuses the amount %j with a clear message and moves nothing", async (zoobars, message) => {
    const { a, b, bName } = await twoUsers();
    const res = await a.post("/transfer", { zoobars, recipient: bName, submission: "Send" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Transfer failed:");
    expect(html).toMatch(message);
    expect(await (await a.get("/")).text()).toContain("Balance: 10 zoobars");
    expect(await (await b.get("/")).text()).toContain("Balance: 10 zoobars");
  });

  it("refuses unknown, empty and own recipients", async () => {
    const { a, aName } = await twoUsers();
    for (const recipient of [uniqueName("ghost"), "", aName]) {
      const res = await a.post("/transfer", { zoobars: "1", recipient, submission: "Send" });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Transfer failed:");
    }
    expect(await (await a.get("/")).text()).toContain("Balance: 10 zoobars");
  });

  it("prefills the recipient from the users page link", async () => {
    const { a } = await twoUsers();
    const html = await (await a.get("/transfer?recipient=%22bob%22")).text();
    expect(html).toContain('name="recipient" value="&quot;bob&quot;"');
    expect(html).toContain('name="submission" value="Send"');
    expect(html).toContain('name="zoobars"');
  });
});

describe("profiles", () => {
  it("saves a profile and shows it sanitized inside the profile box", async () => {
    const { a, b, aName } = await twoUsers();
    const profile = 'Hi <b>there</b><script>alert(1)</script><img src=x onerror=alert(1)></div></div><p onclick="x()">end';
    const saved = await a.post("/", { profile_update: profile, profile_submit: "Save" });
    expect(saved.status).toBe(200);
    const savedHtml = await saved.text();
    expect(savedHtml).toContain("Profile saved.");
    // The editor shows the raw text back, escaped.
    expect(savedHtml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const page = await (await b.get(`/users?user=${encodeURIComponent(aName)}`)).text();
    expect(page).toContain('<div id="profile">Hi <b>there</b><p>end</p></div>');
    expect(page).not.toContain("alert(1)");
    expect(page).not.toContain("onerror");
    expect(page).not.toContain("onclick");
  });

  it("refuses a profile over 64 KiB with a clear 413 and keeps the old one", async () => {
    const { a, aName } = await twoUsers();
    await a.post("/", { profile_update: "small and kept", profile_submit: "Save" });
    const res = await a.post("/", { profile_update: "é".repeat(32 * 1024 + 1), profile_submit: "Save" });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("the limit is 65536 bytes (64 KiB)");
    const page = await (await a.get(`/users?user=${encodeURIComponent(aName)}`)).text();
    expect(page).toContain('<div id="profile">small and kept</div>');
  });

  it("accepts exactly 64 KiB, stores newlines as \\n, and runs a #!python profile, sanitizing what it prints", async () => {
    const { a, aName } = await twoUsers();
    const ok = await a.post("/", { profile_update: "x".repeat(64 * 1024), profile_submit: "Save" });
    expect(ok.status).toBe(200);
    await a.post("/", {
      profile_update: '#!python\r\nprint("<b>hi</b><script>alert(1)</script>")\r\n',
      profile_submit: "Save",
    });
    const page = await (await a.get(`/users?user=${encodeURIComponent(aName)}`)).text();
    expect(page).toContain('<div id="profile"><b>hi</b>\n</div>');
    expect(page).not.toContain("alert(1)");
  });

  it("refuses a profile form without the profile field", async () => {
    const { a } = await twoUsers();
    const res = await a.post("/", { profile_submit: "Save" });
    expect(res.status).toBe(400);
  });
});

describe("users page", () => {
  it("shows the lookup form, 404 for an unknown user and 400 for an invalid name", async () => {
    const { a } = await twoUsers();
    const form = await a.get("/users");
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="user"');
    const missing = await a.get(`/users?user=${encodeURIComponent("nobody <here>")}`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("There is no user called “nobody &lt;here&gt;”.");
    const invalid = await a.get(`/users?user=${encodeURIComponent(" padded")}`);
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain("white space");
  });
});

describe("zoobarjs", () => {
  it("is JavaScript that fills in the viewer's balance, JSON-encoded", async () => {
    const { a, bName } = await twoUsers();
    await a.post("/transfer", { zoobars: "4", recipient: bName, submission: "Send" });
    const res = await a.get("/zoobar/index.cgi/zoobarjs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/javascript/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const js = await res.text();
    expect(js).toContain("var myZoobars = 6;");
    expect(js).toContain('getElementById("myZoobars")');
  });

  it("gives no balance to a logged-out viewer or a cross-site include", async () => {
    expect(await (await new Client().get("/zoobarjs")).text()).toContain("var myZoobars = null;");
    const { a } = await twoUsers();
    const included = await a.get("/zoobarjs", { "Sec-Fetch-Site": "cross-site" });
    expect(await included.text()).toContain("var myZoobars = null;");
  });
});

describe("every response", () => {
  it.each(["/login", "/assets/style.css", "/no/such/page", "/zoobarjs"])("%s carries the security headers", async (path) => {
    const res = await new Client().get(path);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' http: https: data:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy")).toBe("same-origin");
  });

  it("has no inline scripts or styles in pages", async () => {
    const { a, aName } = await twoUsers();
    for (const path of ["/", "/transfer", `/users?user=${encodeURIComponent(aName)}`, "/login"]) {
      const html = await (await a.get(path)).text();
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=|<style/);
    }
  });

  it("serves the stylesheet as CSS", async () => {
    const res = await new Client().get("/assets/style.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/css/);
    expect(await res.text()).toContain("#profile");
  });

  it("answers unknown paths and methods with a real 404 page", async () => {
    for (const res of [await new Client().get("/nope"), await new Client().get("/zoobar/index.cgi/nope"), await new Client().post("/nope", {})]) {
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain("<h1>Not found</h1>");
    }
  });

  it("shows who is logged in on the 404 page too", async () => {
    const { a, aName } = await twoUsers();
    const res = await a.get("/zoobar/index.cgi/no-such-page");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(`Log out ${aName}`);
  });

  it("refuses a form body that is too large with 413", async () => {
    const { a } = await twoUsers();
    const res = await a.request("/", {
      method: "POST",
      body: "profile_update=" + "x".repeat(600 * 1024),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("too large");
  });
});
