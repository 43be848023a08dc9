// Driving the running app as its users do, for the end-to-end tests: fresh accounts,
// profile updates, views of a user's page (and the profile box in it), transfers, balances.
import { expect, inject } from "vitest";
import { balanceOnPage, CookieClient, loginAs, type Page } from "./cookie-client";

/** The classic path prefix every page is served under. */
export const C = "/zoobar/index.cgi";

export interface SiteUser {
  name: string;
  client: CookieClient;
}

let registered = 0;

/** Registers a fresh account (unique name from the label) on the app the globalSetup started. */
export async function newUser(label: string): Promise<SiteUser> {
  const name = `${label}-${++registered}-${Math.random().toString(36).slice(2, 7)}`;
  const client = new CookieClient(inject("appUrl"));
  const home = await loginAs(client, name, "pw", true, C);
  expect(home.body).toContain(`Log out ${name}`);
  return { name, client };
}

export async function setProfile(client: CookieClient, text: string) {
  const res = await client.follow(await client.post(`${C}/`, { profile_update: text, profile_submit: "Save" }));
  expect(res.status).toBe(200);
}

export interface ProfileView extends Page {
  /** Just the profile box's contents (what the code printed, sanitized). */
  profile: string;
}

/** The users page, and just the profile box's contents. */
export async function view(client: CookieClient, owner: string): Promise<ProfileView> {
  const page = await client.get(`${C}/users?user=${encodeURIComponent(owner)}`);
  const profile = /<div id="profile">([\s\S]*?)<\/div>\s*(?:<div class="profile-problem|<\/section>)/.exec(page.body)?.[1] ?? "";
  return { ...page, profile };
}

export async function send(client: CookieClient, recipient: string, zoobars: number) {
  const res = await client.post(`${C}/transfer`, { zoobars: String(zoobars), recipient, submission: "Send" });
  expect(res.body).toContain(`Sent ${zoobars} zoobars`);
}

export async function balance(client: CookieClient) {
  return balanceOnPage((await client.get(`${C}/`)).body);
}
