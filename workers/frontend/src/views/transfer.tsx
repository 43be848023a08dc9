import type { FC } from "hono/jsx";
import { Layout, Notice, type PageChrome } from "./layout";
import { pageUrl, userPageUrl } from "../paths";

export interface TransferForm {
  zoobars: string;
  recipient: string;
  balance: number | null;
  result?: { ok: true; amount: number; recipient: string } | { ok: false; error: string };
}

export const TransferPage: FC<PageChrome & TransferForm> = ({ zoobars, recipient, balance, result, ...chrome }) => (
  <Layout {...chrome} title="Transfer">
    <h1>Send zoobars</h1>
    {result?.ok ? (
      <Notice kind="ok">
        Sent {result.amount} zoobars to <a href={userPageUrl(chrome.base, result.recipient)}>{result.recipient}</a>.
      </Notice>
    ) : null}
    {result && !result.ok ? <Notice kind="error">Transfer failed: {result.error}</Notice> : null}
    {balance !== null ? <p class="balance-line">You have {balance} zoobars.</p> : null}
    <form class="card form" method="post" action={pageUrl(chrome.base, "/transfer")}>
      <label>
        Send <input type="text" name="zoobars" value={zoobars} inputmode="numeric" size={6} /> zoobars
      </label>
      <label>
        to <input type="text" name="recipient" value={recipient} size={20} maxlength={64} />
      </label>
      <input type="submit" name="submission" value="Send" />
    </form>
  </Layout>
);
