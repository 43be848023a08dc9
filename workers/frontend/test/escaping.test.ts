import { describe, expect, it } from "vitest";
import { Client, uniqueName } from "./support/client";

// Names that break naive HTML, URLs or paths. Each gets a unique suffix so tests can share the databases.
const NASTY = [
  '<script>alert("x")</script>',
  `"'><img src=x onerror=alert(1)>`,
  "a/../b",
  "100% #1 & ?q=v",
  "zebra 🦓",
  "名前テスト",
  "&lt;not-an-entity&gt;",
];

function htmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

describe("usernames are escaped in every page and encoded in every URL", () => {
  it.each(NASTY)("%s", async (stem) => {
    const name = uniqueName(stem);
    const client = new Client();
    await client.register(name);

    const home = await (await client.get("/")).text();
    expect(home).toContain(`Log out ${htmlEscape(name)}`);
    if (name.includes("<")) expect(home).not.toContain(name);
    expect(home).toContain(`href="/users?user=${htmlEscape(encodeURIComponent(name))}"`);

    const other = new Client();
    await other.register(uniqueName("viewer"));
    await client.post("/transfer", { zoobars: "2", recipient: uniqueName("nobody"), submission: "Send" });
    const res = await other.get(`/users?user=${encodeURIComponent(name)}`);
    expect(res.status).toBe(200);
    const users = await res.text();
    expect(users).toContain(`<h2 class="profile-owner">${htmlEscape(name)}</h2>`);
    expect(users).toContain(`value="${htmlEscape(name)}"`);
    expect(users).toContain(`?recipient=${htmlEscape(encodeURIComponent(name))}`);
    if (name.includes("<")) expect(users).not.toContain(name);

    // Sending to the nasty name by its exact text works, and the log links back to it encoded.
    const sent = await other.post("/transfer", { zoobars: "1", recipient: name, submission: "Send" });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("Sent 1 zoobars");
    const log = await (await client.get(`/zoobar/index.cgi/users?user=${encodeURIComponent(name)}`)).text();
    expect(log).toContain(`<a href="/zoobar/index.cgi/users?user=${htmlEscape(encodeURIComponent(name))}">${htmlEscape(name)}</a>`);
  });
});
