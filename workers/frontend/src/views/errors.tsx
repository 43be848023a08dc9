import type { FC } from "hono/jsx";
import { Layout, type PageChrome } from "./layout";
import { pageUrl } from "../paths";

export const NotFoundPage: FC<PageChrome & { message?: string }> = ({ message, ...chrome }) => (
  <Layout {...chrome} title="Not found">
    <h1>Not found</h1>
    <p>{message ?? "There is no page at this address."}</p>
    <p>
      <a href={pageUrl(chrome.base, "/")}>Go to the home page</a>
    </p>
  </Layout>
);

export const CrossSiteRefusedPage: FC<PageChrome & { reason: string }> = ({ reason, ...chrome }) => (
  <Layout {...chrome} title="Request refused">
    <h1>Request refused</h1>
    <p>
      This request tried to change something on Zoobar, but it was sent by another web site, so it was refused to
      protect your account. Nothing was changed.
    </p>
    <p class="detail">{reason}</p>
    <p>
      If you meant to do this, go to <a href={pageUrl(chrome.base, "/")}>Zoobar</a> and try again from there.
    </p>
  </Layout>
);

export const ServerErrorPage: FC<PageChrome> = (chrome) => (
  <Layout {...chrome} title="Something went wrong">
    <h1>Something went wrong</h1>
    <p>The server could not finish this request. Nothing you sent was lost on purpose; please try again in a moment.</p>
    <p>
      <a href={pageUrl(chrome.base, "/")}>Go to the home page</a>
    </p>
  </Layout>
);

/** A 4xx page for input that cannot be handled at all (unreadable form, too large a body). */
export const BadRequestPage: FC<PageChrome & { message: string }> = ({ message, ...chrome }) => (
  <Layout {...chrome} title="Bad request">
    <h1>That request could not be handled</h1>
    <p>{message}</p>
  </Layout>
);
