import { describe, expect, it } from "vitest";
import { safeNextUrl } from "../src/nexturl";
import { Client, uniqueName } from "./support/client";

describe("nexturl accepts only same-site paths", () => {
  it.each(["/", "/transfer", "/users?user=a%20b", "/zoobar/index.cgi/users?user=x#top", "/a//b", "/%2F%2Fevil.example"])(
    "keeps %s",
    (path) => {
      expect(safeNextUrl(path)).toBe(path);
    },
  );

  it.each([
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "/path\\with\\backslash",
    "http://evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,hi",
    "evil.example",
    "transfer",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/ok\u0000",
    "/ok\u007f",
    "",
    " /transfer",
  ])("refuses %j", (raw) => {
    expect(safeNextUrl(raw)).toBe("/");
  });

  it("refuses non-strings and uses the given fallback", () => {
    expect(safeNextUrl(undefined)).toBe("/");
    expect(safeNextUrl(["/x"])).toBe("/");
    expect(safeNextUrl("//evil.example", "/zoobar/index.cgi/")).toBe("/zoobar/index.cgi/");
  });
});

describe("login redirects only to same-site nexturl", () => {
  const password = "nexturl password";

  async function loginWithNext(nexturl: string, path = "/login") {
    const client = new Client();
    const username = uniqueName("next");
    const res = await client.post(path, {
      login_username: username,
      login_password: password,
      nexturl,
      submit_registration: "Register",
    });
    return res;
  }

  it("follows a same-site nexturl", async () => {
    const res = await loginWithNext("/transfer?recipient=bob");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/transfer?recipient=bob");
  });

  it.each(["//evil.example/", "http://evil.example/", "/\\evil.example", "javascript:alert(1)"])(
    "does not redirect to %s",
    async (nexturl) => {
      const res = await loginWithNext(nexturl);
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe("/");
    },
  );

  it("falls back to the classic home for a classic login", async () => {
    const res = await loginWithNext("//evil.example/", "/zoobar/index.cgi/login");
    expect(res.headers.get("Location")).toBe("/zoobar/index.cgi/");
  });

  it("puts the nexturl into the login form escaped, and only when it is safe", async () => {
    const client = new Client();
    const ok = await (await client.get(`/login?nexturl=${encodeURIComponent('/users?user="><script>')}`)).text();
    expect(ok).toContain('name="nexturl" value="/users?user=&quot;&gt;&lt;script&gt;"');
    expect(ok).not.toContain("<script>");
    const evil = await (await client.get(`/login?nexturl=${encodeURIComponent("//evil.example/")}`)).text();
    expect(evil).toContain('name="nexturl" value="/"');
  });
});
