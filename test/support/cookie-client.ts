// A plain HTTP client with a cookie jar, like the course's command-line clients:
// it follows no redirects by itself, so tests can see each Location.

export interface Page {
  status: number;
  body: string;
  location: string | null;
  headers: Headers;
}

export interface CookieClientOptions {
  /** Abort any request (headers and body) that takes longer than this; none by default. */
  timeoutMs?: number;
}

export class CookieClient {
  private cookies = new Map<string, string>();
  readonly baseUrl: string;
  readonly timeoutMs: number | undefined;

  // (No parameter properties: the benchmark scripts load this file with Node's type stripping.)
  constructor(baseUrl: string, options: CookieClientOptions = {}) {
    this.baseUrl = baseUrl;
    this.timeoutMs = options.timeoutMs;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Copies another client's cookies, e.g. to replay a stale session. */
  static withCookiesOf(other: CookieClient): CookieClient {
    const copy = new CookieClient(other.baseUrl, { timeoutMs: other.timeoutMs });
    for (const [k, v] of other.cookies) copy.cookies.set(k, v);
    return copy;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.request("GET", path, undefined, headers);
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    return this.request("POST", path, new URLSearchParams(form), headers);
  }

  /** GET or POST, then follow redirects (same site only) the way a browser would. */
  async follow(page: Page, limit = 5): Promise<Page> {
    let current = page;
    for (let i = 0; i < limit && current.location && current.status >= 300 && current.status < 400; i++) {
      const next = new URL(current.location, this.baseUrl);
      if (next.origin !== new URL(this.baseUrl).origin) break;
      current = await this.get(next.pathname + next.search);
    }
    return current;
  }

  async request(method: string, path: string, body?: URLSearchParams, headers: Record<string, string> = {}): Promise<Page> {
    const h = new Headers(headers);
    if (this.cookies.size) h.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (body) h.set("content-type", "application/x-www-form-urlencoded");
    // A timeout signal also covers reading the body below, so a page that stops half-way cannot hang the caller.
    const signal = this.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.timeoutMs);
    const res = await fetch(new URL(path, this.baseUrl), { method, body, headers: h, redirect: "manual", signal });
    for (const line of res.headers.getSetCookie()) this.storeCookie(line);
    return { status: res.status, body: await res.text(), location: res.headers.get("location"), headers: res.headers };
  }

  private storeCookie(line: string) {
    const [pair, ...attrs] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
    if (expired || value === "") this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** Registers (or logs in) through the classic login form and returns the landing page. */
export async function loginAs(client: CookieClient, username: string, password: string, register: boolean, prefix = ""): Promise<Page> {
  const form: Record<string, string> = { login_username: username, login_password: password, nexturl: `${prefix}/` };
  form[register ? "submit_registration" : "submit_login"] = register ? "Register" : "Log in";
  return client.follow(await client.post(`${prefix}/login`, form));
}

export function balanceOnPage(body: string): number | null {
  const m = /Balance: (\d+) zoobars/.exec(body);
  return m ? Number(m[1]) : null;
}
