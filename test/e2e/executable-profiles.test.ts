// Executable profiles over plain HTTP with cookie jars, all workers running together:
// the sample profiles, /data persistence and isolation, scratch paths, errors and limits.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { CookieClient } from "../support/cookie-client";
import { balance, C, newUser, send, setProfile, view } from "../support/zoobar-site";

const base = inject("appUrl");

const sample = (name: string) => readFileSync(join(import.meta.dirname, "../../profiles", name), "utf8");

describe("sample profiles", () => {
  let owner: { name: string; client: CookieClient };
  let visitor: { name: string; client: CookieClient };
  beforeAll(async () => {
    owner = await newUser("owner");
    visitor = await newUser("visitor");
  });

  it("hello-user.py greets the visitor with the time", async () => {
    await setProfile(owner.client, sample("hello-user.py"));
    const page = await view(visitor.client, owner.name);
    expect(page.status).toBe(200);
    expect(page.profile).toContain(`Hello, <i> ${visitor.name} </i>`);
    expect(page.profile).toMatch(/<p>Current time: \d{10}\.\d+/);
    expect(page.body).not.toContain("Traceback");
  });

  it("visit-tracker.py counts visits and remembers the last one", async () => {
    await setProfile(owner.client, sample("visit-tracker.py"));
    const first = await view(visitor.client, owner.name);
    expect(first.profile).toContain(`Hello, <i> ${visitor.name} </i>`);
    expect(first.profile).toMatch(/<p>Your visit count: 0\b/);
    expect(first.profile).toMatch(/<p>Your last visit: never/);
    const second = await view(visitor.client, owner.name);
    expect(second.profile).toMatch(/<p>Your visit count: 1\b/);
    expect(second.profile).toMatch(/<p>Your last visit: \d{10}\.\d+/);
    const third = await view(visitor.client, owner.name);
    expect(third.profile).toMatch(/<p>Your visit count: 2\b/);
    // Another visitor has a count of their own.
    const other = await newUser("other");
    expect((await view(other.client, owner.name)).profile).toMatch(/Your visit count: 0\b/);
  });

  it("last-visits.py lists the last three visits, newest first", async () => {
    await setProfile(owner.client, sample("last-visits.py"));
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const page = await view(visitor.client, owner.name);
      expect(page.profile).toContain("Last 3 visitors:");
      seen.push(page.profile);
    }
    const items = [...seen[3].matchAll(/<li>\s*(.*?)\s*<\/li>/g)].map((m) => m[1]);
    expect(items).toHaveLength(3);
    for (const item of items) expect(item).toMatch(new RegExp(`^${visitor.name} at \\d{10}$`));
    expect((await view(owner.client, owner.name)).profile).toMatch(new RegExp(`<li>\\s*${owner.name} at \\d{10}`));
  });

  it("xfer-tracker.py finds the latest transfer between owner and visitor", async () => {
    await setProfile(owner.client, sample("xfer-tracker.py"));
    expect((await view(visitor.client, owner.name)).profile).toContain("We never exchanged zoobars!");
    await send(visitor.client, owner.name, 2);
    expect((await view(visitor.client, owner.name)).profile).toMatch(
      /You gave me 2 zoobars @ [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}/,
    );
    await send(owner.client, visitor.name, 1);
    expect((await view(visitor.client, owner.name)).profile).toMatch(/I gave you 1 zoobars @ /);
  });

  it("granter.py gives one zoobar a minute from the owner, and gives all four answers", async () => {
    const giver = await newUser("giver");
    const taker = await newUser("taker");
    await setProfile(giver.client, sample("granter.py"));

    const first = await view(taker.client, giver.name);
    expect(first.profile).toContain("Thanks for visiting.  I gave you one zoobar.");
    expect(await balance(giver.client)).toBe(9);
    expect(await balance(taker.client)).toBe(11);
    expect(first.body).toContain('<span id="zoobars" class="9">');

    const again = await view(taker.client, giver.name);
    expect(again.profile).toMatch(/I gave you a zoobar \d+\.\d seconds ago/);
    expect(await balance(taker.client)).toBe(11);

    // A visitor with more than 20 needs no more.
    const rich = await newUser("rich");
    const donor = await newUser("donor");
    await send(donor.client, rich.name, 10);
    await send(taker.client, rich.name, 1);
    expect((await view(rich.client, giver.name)).profile).toContain("You have 21 already; no need for more");

    // An owner with nothing left says so.
    await send(giver.client, donor.name, 9);
    expect((await view(rich.client, giver.name)).profile).toContain("Sorry, I have no more zoobars");
    expect(await balance(giver.client)).toBe(0);
  });
});

describe("/data and scratch space", () => {
  it("keeps an owner's /data private and nothing outside /data", async () => {
    const alice = await newUser("alice");
    const mallory = await newUser("mallory");
    const viewer = await newUser("viewer");
    await setProfile(
      alice.client,
      [
        "#!python",
        "import os",
        "open('/data/secret.txt', 'w').write('alice-secret')",
        "open('notes.txt', 'w').write('relative')",
        "print('scratch-before', os.path.exists('/testfile'), os.path.exists('/tmp/x'))",
        "open('/testfile', 'w').write('x'); open('/tmp/x', 'w').write('x')",
        "print('files', sorted(os.listdir('/data')))",
      ].join("\n"),
    );
    const a1 = await view(viewer.client, alice.name);
    expect(a1.profile).toContain("scratch-before False False");
    expect(a1.profile).toContain("files ['notes.txt', 'secret.txt']");
    const a2 = await view(viewer.client, alice.name);
    expect(a2.profile).toContain("scratch-before False False");

    await setProfile(
      mallory.client,
      [
        "#!python",
        "import os",
        "for p in ['/data/secret.txt', 'secret.txt', '../secret.txt', '/data/../data/secret.txt', '/testfile', '/tmp/x']:",
        "    try:",
        "        print(p, 'READ', open(p).read())",
        "    except OSError as e:",
        "        print(p, type(e).__name__)",
        "print('listing', os.listdir('/data'))",
      ].join("\n"),
    );
    const m = await view(viewer.client, mallory.name);
    expect(m.profile).not.toContain("alice-secret");
    expect(m.profile).not.toContain("READ");
    expect(m.profile).toContain("/data/secret.txt FileNotFoundError");
    expect(m.profile).toContain("listing []");
  });
});

describe("the runner's shared JavaScript realm", () => {
  it("refuses changes to the built-ins that every owner's interpreter shares", async () => {
    const planter = await newUser("planter");
    const other = await newUser("other-owner");
    const viewer = await newUser("realm-viewer");
    await setProfile(
      planter.client,
      [
        "#!python",
        "from pyodide.ffi import to_js",
        "O = to_js({}).constructor",
        "try:",
        "    O.defineProperty(O.prototype, 'zz', O.fromEntries([]))",
        "except Exception as e:",
        "    E = O.getPrototypeOf(e.js_error.constructor)",
        "    print('refused defineProperty')",
        "for target, name in [(O.prototype, 'zz_marker'), (O.constructor.prototype, 'then'), (E, 'prepareStackTrace'), (E, 'captureStackTrace')]:",
        "    try:",
        "        setattr(target, name, getattr(target, name, 'x'))",
        "        print('SET', name)",
        "    except Exception:",
        "        print('refused', name)",
      ].join("\n"),
    );
    const page = await view(viewer.client, planter.name);
    expect(page.profile).toBe(
      "refused defineProperty\nrefused zz_marker\nrefused then\nrefused prepareStackTrace\nrefused captureStackTrace\n",
    );
    await setProfile(other.client, sample("hello-user.py"));
    expect((await view(viewer.client, other.name)).profile).toContain(`Hello, <i> ${viewer.name} </i>`);
  });
});

describe("errors and limits", () => {
  it("shows a visitor the exception and the owner the traceback", async () => {
    const owner = await newUser("raiser");
    const visitor = await newUser("onlooker");
    await setProfile(owner.client, "#!python\nprint('before')\nraise ValueError('bad <thing> & more')\n");
    const seen = await view(visitor.client, owner.name);
    expect(seen.status).toBe(200);
    expect(seen.profile).toContain("before");
    expect(seen.body).toContain("ValueError");
    expect(seen.body).toContain("bad &lt;thing&gt; &amp; more");
    expect(seen.body).not.toContain("Traceback");
    const own = await view(owner.client, owner.name);
    expect(own.body).toContain("Traceback");
    expect(own.body).not.toContain("<thing>");
  });

  it("treats sys.exit() as a normal end and keeps the output", async () => {
    const owner = await newUser("exiter");
    await setProfile(owner.client, "#!python\nimport sys\nprint('kept')\nsys.exit()\nprint('never')\n");
    const page = await view(owner.client, owner.name);
    expect(page.profile).toContain("kept");
    expect(page.profile).not.toContain("never");
    expect(page.body).not.toContain("profile-problem");
  });

  it("stops `while True: pass` with a clear message, and the site keeps serving", async () => {
    const looper = await newUser("looper");
    const calm = await newUser("calm");
    await setProfile(looper.client, "#!python\nprint('spinning')\nwhile True: pass\n");
    await setProfile(calm.client, sample("hello-user.py"));
    const [loop, normal] = await Promise.all([view(calm.client, looper.name), view(looper.client, calm.name)]);
    expect(loop.status).toBe(200);
    expect(loop.body).toMatch(/profile-problem limit/);
    expect(normal.profile).toContain(`Hello, <i> ${looper.name} </i>`);
    const again = await view(calm.client, looper.name);
    expect(again.body).toMatch(/profile-problem limit/);
    expect((await view(looper.client, calm.name)).profile).toContain("Hello, <i>");
  });

  it("stops work inside C (sum(range(10**13))) with a clear message, while pages, transfers and other profiles keep being served", async () => {
    const bomber = await newUser("c-bomber");
    const calm = await newUser("c-calm");
    const plain = await newUser("c-plain");
    await setProfile(bomber.client, "#!python\nprint('summing')\nsum(range(10**13))\n");
    await setProfile(calm.client, "#!python\nprint('calm and collected')\n");
    await setProfile(plain.client, "just text");
    // Boot both interpreters first, so the second bomb view spends its time computing.
    expect((await view(calm.client, bomber.name)).body).toMatch(/profile-problem limit/);
    expect((await view(bomber.client, calm.name)).profile).toContain("calm and collected");
    // New text, so this view gets the full budget rather than the reduced one a repeat would.
    await setProfile(bomber.client, "#!python\nprint('summing again')\nsum(range(10**13))\n");
    const order: string[] = [];
    const bombing = view(calm.client, bomber.name).then((page) => (order.push("bomb"), page));
    const login = await fetch(`${base}${C}/login`);
    order.push("login page");
    expect(login.status).toBe(200);
    await send(plain.client, calm.name, 1);
    order.push("transfer");
    expect((await view(calm.client, plain.name)).profile).toContain("just text");
    order.push("plain profile");
    const bomb = await bombing;
    expect(bomb.body).toMatch(/profile-problem limit/);
    expect(bomb.body).toMatch(/ran too long/);
    expect(order.slice(0, 3)).toEqual(["login page", "transfer", "plain profile"]);
    expect((await view(bomber.client, calm.name)).profile).toContain("calm and collected");
  });

  it("moves nothing when profile code tries to take from the visitor or send a bad amount", async () => {
    const thief = await newUser("thief");
    const mark = await newUser("mark");
    await setProfile(
      thief.client,
      [
        "#!python",
        "import api",
        "me, you = api.call('get_self'), api.call('get_visitor')",
        "attempts = [dict(target=me, zoobars=5), dict(target=you, zoobars=-3), dict(target=you, zoobars=0),",
        "            dict(target=you, zoobars=1.5), dict(target=you, zoobars='2'), dict(target=you, zoobars=True)]",
        "for kw in attempts:",
        "    try:",
        "        api.call('xfer', **kw); print('MOVED', kw)",
        "    except Exception as e:",
        "        print('refused', type(e).__name__)",
      ].join("\n"),
    );
    const page = await view(mark.client, thief.name);
    expect(page.profile).not.toContain("MOVED");
    expect(page.profile.match(/refused/g)).toHaveLength(6);
    expect(await balance(thief.client)).toBe(10);
    expect(await balance(mark.client)).toBe(10);
  });
});
