import type { FC } from "hono/jsx";
import type { Transfer } from "@zoobar/shared";
import { Layout, Notice, type PageChrome } from "./layout";
import { SanitizedProfileBox } from "./profile-box";
import type { RenderedProfile } from "../profile-content";
import { pageUrl, userPageUrl } from "../paths";

export interface UserLookup {
  /** What was typed into the lookup box, shown back in it. */
  query: string;
  error?: string;
  found?: { username: string; balance: number; profile: RenderedProfile; transfers: Transfer[] };
}

const UserLink: FC<{ base: string; username: string }> = ({ base, username }) => (
  <a href={userPageUrl(base, username)}>{username}</a>
);

/** Why a program's output stopped: escaped text, never part of the sanitized profile. */
const ProfileProblem: FC<NonNullable<RenderedProfile["problem"]>> = ({ kind, type, message, traceback }) => (
  <div class={`profile-problem ${kind}`} role="status">
    <p>
      {kind === "limit" ? "This profile was stopped: " : kind === "exception" ? "This profile's code failed: " : "This profile could not be run: "}
      <strong>{type}</strong>: {message}
    </p>
    {traceback ? <pre class="traceback">{traceback}</pre> : null}
  </div>
);

export const UsersPage: FC<PageChrome & UserLookup> = ({ query, error, found, ...chrome }) => (
  <Layout {...chrome} title={found ? found.username : "Users"}>
    <h1>Users</h1>
    <form class="form inline" method="get" action={pageUrl(chrome.base, "/users")}>
      <label>
        User <input type="text" name="user" value={query} maxlength={64} />
      </label>
      <input type="submit" value="View" />
    </form>
    {error ? <Notice kind="error">{error}</Notice> : null}
    {found ? (
      <section class="user">
        <h2 class="profile-owner">{found.username}</h2>
        <p class="user-zoobars">
          <span id="zoobars" class={String(found.balance)}>
            {found.balance}
          </span>{" "}
          zoobars ·{" "}
          <a href={`${pageUrl(chrome.base, "/transfer")}?recipient=${encodeURIComponent(found.username)}`}>
            Send zoobars to {found.username}
          </a>
        </p>
        <section class="profile-frame" aria-label="Profile">
          <SanitizedProfileBox html={found.profile.html} />
          {found.profile.problem ? <ProfileProblem {...found.profile.problem} /> : null}
        </section>
        <h3>Transfers</h3>
        <table class="log">
          <thead>
            <tr>
              <th>Time</th>
              <th>Sender</th>
              <th>Recipient</th>
              <th>Amount</th>
            </tr>
          </thead>
          <tbody>
            {found.transfers.length === 0 ? (
              <tr>
                <td colspan={4} class="empty">
                  No transfers yet.
                </td>
              </tr>
            ) : (
              found.transfers.map((t) => (
                <tr>
                  <td class="time">{t.time}</td>
                  <td>
                    <UserLink base={chrome.base} username={t.sender} />
                  </td>
                  <td>
                    <UserLink base={chrome.base} username={t.recipient} />
                  </td>
                  <td class="amount">{t.amount}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>
    ) : null}
  </Layout>
);
