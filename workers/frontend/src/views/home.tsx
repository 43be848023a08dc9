import type { FC } from "hono/jsx";
import { Layout, Notice, type PageChrome } from "./layout";
import { pageUrl, userPageUrl } from "../paths";
import { PROFILE_MAX_BYTES } from "@zoobar/shared";

export interface HomeData {
  balance: number | null;
  profile: string;
  notice?: { kind: "ok" | "error"; text: string };
}

export const HomePage: FC<PageChrome & HomeData> = ({ balance, profile, notice, ...chrome }) => {
  const username = chrome.viewer?.username ?? "";
  return (
    <Layout {...chrome} title="Home">
      <h1>Welcome, {username}</h1>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      <p class="balance">{balance === null ? "Your bank account could not be found." : `Balance: ${balance} zoobars`}</p>
      <p>
        <a href={pageUrl(chrome.base, "/transfer")}>Send zoobars</a> ·{" "}
        <a href={userPageUrl(chrome.base, username)}>See your profile as others do</a>
      </p>
      <section class="card">
        <h2>Your profile</h2>
        <form class="form" method="post" action={pageUrl(chrome.base, "/")}>
          <label>
            Profile (simple HTML allowed: formatting, lists, tables, links and images with http(s) addresses)
            {/* The leading newline is eaten by the HTML parser, so one that starts the profile survives. */}
            <textarea name="profile_update" rows={12} cols={80}>
              {"\n" + profile}
            </textarea>
          </label>
          <p class="hint">At most {PROFILE_MAX_BYTES / 1024} KiB.</p>
          <input type="submit" name="profile_submit" value="Save" />
        </form>
      </section>
    </Layout>
  );
};
