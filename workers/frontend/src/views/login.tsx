import type { FC } from "hono/jsx";
import { Layout, Notice, type PageChrome } from "./layout";
import { pageUrl } from "../paths";

export interface LoginForm {
  nexturl: string;
  username?: string;
  error?: string;
}

export const LoginPage: FC<PageChrome & LoginForm> = ({ nexturl, username, error, ...chrome }) => (
  <Layout {...chrome} title="Log in">
    <h1>Log in or register</h1>
    {error ? <Notice kind="error">{error}</Notice> : null}
    {chrome.viewer ? (
      <p class="hint">
        You are logged in as <strong>{chrome.viewer.username}</strong>. Logging in again replaces that session.
      </p>
    ) : null}
    <form class="card form" method="post" action={pageUrl(chrome.base, "/login")}>
      <label>
        Username
        <input type="text" name="login_username" value={username ?? ""} autocomplete="username" maxlength={64} required />
      </label>
      <label>
        Password
        <input type="password" name="login_password" autocomplete="current-password" required />
      </label>
      <input type="hidden" name="nexturl" value={nexturl} />
      <div class="buttons">
        <input type="submit" name="submit_login" value="Log in" />
        <input type="submit" name="submit_registration" value="Register" />
      </div>
    </form>
    <p class="hint">New here? Pick a username and password and press Register: you start with 10 zoobars.</p>
  </Layout>
);
