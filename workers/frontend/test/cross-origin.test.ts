import { describe, expect, it } from "vitest";
import { checkCrossOrigin } from "../src/cross-origin";
import { Client, ORIGIN, uniqueName } from "./support/client";

const HOST = new URL(ORIGIN).host;

describe("checkCrossOrigin decides as Go's CrossOriginProtection", () => {
  const check = (method: string, headers: Record<string, string>) => checkCrossOrigin(method, new Headers(headers), HOST).ok;

  it.each([
    ["same-origin", true],
    ["none", true],
    ["same-site", false],
    ["cross-site", false],
    ["garbage", false],
  ])("POST with Sec-Fetch-Site: %s -> allowed %s", (site, allowed) => {
    expect(check("POST", { "Sec-Fetch-Site": site })).toBe(allowed);
  });

  it("lets Sec-Fetch-Site decide even when Origin says otherwise", () => {
    expect(check("POST", { "Sec-Fetch-Site": "same-origin", Origin: "http://evil.example" })).toBe(true);
    expect(check("POST", { "Sec-Fetch-Site": "cross-site", Origin: ORIGIN })).toBe(false);
  });

  it.each([
    [ORIGIN, true],
    ["https://zoobar.test", true],
    ["http://evil.example", false],
    ["http://zoobar.test:8080", false],
    ["http://sub.zoobar.test", false],
    ["null", false],
    ["not a url", false],
  ])("POST with only Origin: %s -> allowed %s", (origin, allowed) => {
    expect(check("POST", { Origin: origin })).toBe(allowed);
  });

  it("allows a request with neither header (curl, wget, scripts)", () => {
    expect(check("POST", {})).toBe(true);
  });

  it.each(["GET", "HEAD", "OPTIONS"])("never blocks %s", (method) => {
    expect(check(method, { "Sec-Fetch-Site": "cross-site", Origin: "http://evil.example" })).toBe(true);
  });

  it.each(["PUT", "DELETE", "PATCH"])("checks %s like POST", (method) => {
    expect(check(method, { Origin: "http://evil.example" })).toBe(false);
  });
});

describe("the middleware in front of every page", () => {
  async function loggedIn() {
    const client = new Client();
    const name = uniqueName("csrf");
    await client.register(name);
    const victim = uniqueName("csrf-to");
    await new Client().register(victim);
    return { client, victim };
  }

  it.each([
    [{ Origin: "http://evil.example" }],
    [{ "Sec-Fetch-Site": "cross-site" }],
    [{ "Sec-Fetch-Site": "same-site", Origin: "http://other.zoobar.test" }],
  ])("refuses a cross-site transfer with %j, moving nothing", async (headers) => {
    const { client, victim } = await loggedIn();
    const res = await client.post("/transfer", { zoobars: "5", recipient: victim, submission: "Send" }, headers);
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain("Request refused");
    expect(page).toContain("another web site");
    const home = await (await client.get("/")).text();
    expect(home).toContain("Balance: 10 zoobars");
  });

  it.each([[{}], [{ Origin: ORIGIN }], [{ "Sec-Fetch-Site": "same-origin", Origin: ORIGIN }], [{ "Sec-Fetch-Site": "none" }]])(
    "accepts a same-site or non-browser transfer with %j",
    async (headers) => {
      const { client, victim } = await loggedIn();
      const res = await client.post("/transfer", { zoobars: "1", recipient: victim, submission: "Send" }, headers);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Sent 1 zoobars");
    },
  );

  it("refuses a cross-site login and logout too", async () => {
    const client = new Client();
    const login = await client.post(
      "/login",
      { login_username: uniqueName("x"), login_password: "p", nexturl: "/", submit_registration: "Register" },
      { Origin: "http://evil.example" },
    );
    expect(login.status).toBe(403);
    expect(login.headers.get("Set-Cookie")).toBeNull();
    const logout = await client.post("/zoobar/index.cgi/logout", {}, { "Sec-Fetch-Site": "cross-site" });
    expect(logout.status).toBe(403);
  });

  it("lets cross-site GETs through (they change nothing)", async () => {
    const res = await new Client().get("/login", { "Sec-Fetch-Site": "cross-site", Origin: "http://evil.example" });
    expect(res.status).toBe(200);
  });
});
