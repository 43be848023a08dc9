import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { withViewer } from "./support";

/**
 * The viewer's balance as a script for pages that show it in #myZoobars.
 * Values are JSON-encoded into the script, never pasted in as text. When
 * another site includes this script (Sec-Fetch-Site says so) it gets no balance:
 * the cookie is SameSite=Lax already, this is the second lock on that door.
 */
export function mountZoobarJs(pages: Hono<AppEnv>): void {
  pages.get("/zoobarjs", withViewer, async (c) => {
    const viewer = c.get("viewer");
    const site = c.req.header("sec-fetch-site");
    const sameSite = site === undefined || site === "same-origin" || site === "none";
    const balance = viewer && sameSite ? await c.env.BANK.getBalance(viewer.username) : null;
    const script = `// Zoobar: fills in the signed-in viewer's balance.
(function () {
  var myZoobars = ${JSON.stringify(balance)};
  var el = document.getElementById("myZoobars");
  if (el === null || myZoobars === null) return;
  el.textContent = String(myZoobars);
  var box = el.closest("[data-balance]");
  if (box !== null) box.hidden = false;
})();
`;
    return c.body(script, 200, {
      "Content-Type": "application/javascript; charset=utf-8",
      "Cache-Control": "no-store",
      Vary: "Cookie",
    });
  });
}
