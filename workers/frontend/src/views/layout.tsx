import type { Child, FC } from "hono/jsx";
import type { Viewer } from "../env";
import { pageUrl } from "../paths";

export interface PageChrome {
  /** "" or the classic prefix; every link on the page keeps it. */
  base: string;
  viewer: Viewer | null;
}

export const Layout: FC<PageChrome & { title: string; children?: Child }> = ({ base, viewer, title, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title} · Zoobar</title>
      <link rel="stylesheet" href="/assets/style.css" />
      <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
    </head>
    <body>
      <header class="site-header">
        <a class="brand" href={pageUrl(base, "/")}>
          Zoobar
        </a>
        {viewer ? (
          <>
            <nav class="site-nav">
              <a href={pageUrl(base, "/")}>Home</a>
              <a href={pageUrl(base, "/users")}>Users</a>
              <a href={pageUrl(base, "/transfer")}>Transfer</a>
            </nav>
            {/* Filled in and shown by the zoobarjs script, so a page without scripts shows no empty number. */}
            <span class="header-balance" data-balance hidden>
              <span id="myZoobars"></span> zoobars
            </span>
            <form class="logout" method="post" action={pageUrl(base, "/logout")}>
              <button type="submit">Log out {viewer.username}</button>
            </form>
          </>
        ) : (
          <nav class="site-nav">
            <a href={pageUrl(base, "/login")}>Log in or register</a>
          </nav>
        )}
      </header>
      <main class="page">{children}</main>
      {viewer ? <script src={pageUrl(base, "/zoobarjs")}></script> : null}
    </body>
  </html>
);

/** A notice above a page's content: what just happened, or why it did not. */
export const Notice: FC<{ kind: "ok" | "error"; children?: Child }> = ({ kind, children }) => (
  <p class={kind === "ok" ? "notice notice-ok" : "notice notice-error"} role={kind === "error" ? "alert" : "status"}>
    {children}
  </p>
);
