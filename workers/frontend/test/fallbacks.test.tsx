import { Hono } from "hono";
import { describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../src/env";
import { notFound, serverError } from "../src/routes/fallbacks";

describe("the error page", () => {
  it("answers 500 with a generic page and logs the error, never showing it", async () => {
    const app = new Hono<AppEnv>();
    app.get("/boom", () => {
      throw new Error("secret detail at /internal/path.ts:42");
    });
    app.onError(serverError);
    app.notFound(notFound);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await app.request("/boom");
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain("Something went wrong");
    expect(html).not.toContain("secret detail");
    expect(html).not.toMatch(/at .*\.ts:\d+/);
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0].at(-1))).toContain("secret detail");
    logged.mockRestore();

    const missing = await app.request("/missing");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("<h1>Not found</h1>");
  });
});
