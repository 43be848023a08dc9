// A tiny browser-less client for the frontend under test: one cookie, no redirects followed.
import { exports } from "cloudflare:workers";

const frontend = (exports as unknown as { default: Fetcher }).default;

export const ORIGIN = "http://zoobar.test";

export class Client {
  cookie: string | null = null;

  async request(path: string, init: RequestInit & { form?: Record<string, string> } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie !== null) headers.set("Cookie", `zoobar_session=${this.cookie}`);
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    }
    const method = init.method ?? (init.form ? "POST" : "GET");
    const res = await frontend.fetch(new Request(ORIGIN + path, { method, headers, body, redirect: "manual" }));
    for (const line of res.headers.getSetCookie()) {
      const m = /^zoobar_session=([^;]*)/.exec(line);
      if (m) this.cookie = m[1] === "" || /Max-Age=0/i.test(line) ? null : m[1];
    }
    return res;
  }

  get(path: string, headers?: HeadersInit) {
    return this.request(path, { headers });
  }

  post(path: string, form: Record<string, string>, headers?: HeadersInit) {
    return this.request(path, { form, headers });
  }

  /** Registers (or logs in) and keeps the session cookie. */
  async register(username: string, password = "correct horse battery") {
    const res = await this.post("/login", {
      login_username: username,
      login_password: password,
      nexturl: "/",
      submit_registration: "Register",
    });
    if (res.status !== 302) throw new Error(`registering ${username} failed: ${res.status} ${await res.text()}`);
    return res;
  }

  async login(username: string, password = "correct horse battery") {
    const res = await this.post("/login", { login_username: username, login_password: password, nexturl: "/", submit_login: "Log in" });
    if (res.status !== 302) throw new Error(`logging in ${username} failed: ${res.status} ${await res.text()}`);
    return res;
  }
}

/** A username no other test uses, so tests share the databases safely. */
export function uniqueName(stem: string): string {
  return `${stem}-${crypto.randomUUID().slice(0, 8)}`;
}
