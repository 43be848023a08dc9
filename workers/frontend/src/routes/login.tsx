import type { Hono } from "hono";
import { normalizeUsername } from "@zoobar/shared";
import type { AppEnv } from "../env";
import { safeNextUrl } from "../nexturl";
import { writeSessionCookie } from "../session-cookie";
import { BadRequestPage } from "../views/errors";
import { LoginPage, type LoginForm } from "../views/login";
import { type AppContext, baseOf, chromeOf, readForm, renderPage, withViewer } from "./support";

function showLogin(c: AppContext, form: LoginForm, status: 200 | 400 | 403 | 503 = 200) {
  return renderPage(c, <LoginPage {...chromeOf(c)} {...form} />, status);
}

export function mountLogin(pages: Hono<AppEnv>): void {
  pages.get("/login", withViewer, (c) => {
    const nexturl = safeNextUrl(c.req.query("nexturl"), `${baseOf(c)}/`);
    return showLogin(c, { nexturl });
  });

  pages.post("/login", withViewer, async (c) => {
    const form = await readForm(c);
    if (!form.ok) return renderPage(c, <BadRequestPage {...chromeOf(c)} message={form.error} />, form.status);
    const fields = form.fields;
    const nexturl = safeNextUrl(fields.nexturl, `${baseOf(c)}/`);
    const rawUsername = fields.login_username ?? "";
    const password = fields.login_password ?? "";
    const registering = fields.submit_registration !== undefined;

    const name = normalizeUsername(rawUsername);
    if (!name.ok) return showLogin(c, { nexturl, username: rawUsername, error: name.error }, 400);
    if (password === "") return showLogin(c, { nexturl, username: name.username, error: "Enter a password." }, 400);

    const grant = registering
      ? await c.env.AUTH.register(name.username, password)
      : await c.env.AUTH.login(name.username, password);
    if (!grant.ok) return showLogin(c, { nexturl, username: name.username, error: grant.error }, registering ? 400 : 403);

    // Makes sure the balance exists (idempotent), so no logged-in user is ever without an account.
    const account = await c.env.BANK.openAccount(grant.accountToken);
    if (!account.ok) {
      console.error("bank could not open the account after login", { error: account.error });
      await c.env.AUTH.logout(grant.session);
      const error = "Your bank account could not be opened just now, so you were not logged in. Please try again.";
      return showLogin(c, { nexturl, username: name.username, error }, 503);
    }

    writeSessionCookie(c, grant.session);
    return c.redirect(nexturl, 302);
  });
}
