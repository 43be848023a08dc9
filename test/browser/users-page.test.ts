// One real-browser pass: register, send zoobars, view a user. Saves a screenshot of
// the users page to test-artifacts/. Skipped, and said so, where no Chromium is installed.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from "../support/chromium";
import { CookieClient, loginAs } from "../support/cookie-client";

const base = inject("appUrl");
const artifacts = join(import.meta.dirname, "../../test-artifacts");

if (!chromiumAvailable) console.warn(`SKIPPED browser test: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);

describe.skipIf(!chromiumAvailable)("in Chromium", () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const errors: string[] = [];

  beforeAll(async () => {
    await loginAs(new CookieClient(base), "browser-friend", "pw", true);
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it("registers, sends zoobars and shows the users page", async () => {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

    await page.goto(`${base}/login`);
    await page.fill('input[name="login_username"]', "browser-user");
    await page.fill('input[name="login_password"]', "secret-pw");
    await page.click('[name="submit_registration"]');
    await expect.poll(() => page.textContent("body")).toContain("Log out browser-user");
    expect(await page.textContent("body")).toContain("Balance: 10 zoobars");

    await page.goto(`${base}/transfer`);
    await page.fill('input[name="zoobars"]', "4");
    await page.fill('input[name="recipient"]', "browser-friend");
    await page.click('[name="submission"]');
    await expect.poll(() => page.textContent("body")).toContain("Sent 4 zoobars");

    await page.goto(`${base}/users?user=${encodeURIComponent("browser-friend")}`);
    expect(await page.getAttribute("#zoobars", "class")).toBe("14");
    const log = await page.textContent("table.log");
    expect(log).toContain("browser-user");
    expect(log).toContain("4");
    // zoobarjs runs under the page's CSP and fills in the viewer's own balance
    await expect.poll(() => page.textContent("#myZoobars")).toContain("6");

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "users-page.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
