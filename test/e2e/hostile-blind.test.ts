// Hostile profiles written without reading the profile runner's code: each one is
// stored in a fresh account, viewed over HTTP by another fresh user, and must be
// contained in the specific way a secure runner has to contain it (money, other
// owners' files, traces in later runs, JavaScript and network reach, secrets,
// packages, and every resource limit). Resource bombs that stop C code come last:
// an uncontained one keeps the runner busy and would drown the tests after it.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balance, newUser, send, setProfile, view, type ProfileView, type SiteUser } from "../support/zoobar-site";

const sample = (name: string) => readFileSync(join(import.meta.dirname, "../../profiles", name), "utf8");
const token = () => Math.random().toString(36).slice(2, 10);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The problem block under the profile, if any: its kind (class) and its text. */
function problemOf(page: ProfileView): { kind: string; text: string } | null {
  const m = /<div class="profile-problem ([\w-]+)"[^>]*>([\s\S]*?)<\/div>/.exec(page.body);
  return m ? { kind: m[1], text: m[2] } : null;
}

/** The run was stopped by a limit, and the page says so. */
function expectStoppedByLimit(page: ProfileView) {
  expect(page.status).toBe(200);
  const problem = problemOf(page);
  expect(problem, "the page should say the profile was stopped").not.toBeNull();
  expect(problem!.kind === "limit" || /limit|budget|quota|too (many|long|much)/i.test(problem!.text)).toBe(true);
}

/** The run ended with a clean MemoryError or a limit stop, never a dead interpreter. */
function expectMemoryContained(page: ProfileView) {
  expect(page.status).toBe(200);
  const problem = problemOf(page);
  const text = `${page.profile}\n${problem?.text ?? ""}`;
  expect(problem?.kind === "limit" || /MemoryError/.test(text)).toBe(true);
  expect(text).not.toMatch(/InterpreterError|stopped unexpectedly/);
}

/** Python: `t(label, fn)` prints whether fn got through or was blocked, and never lets an exception out. */
const PY_TRY = `
def t(label, fn):
    try:
        r = fn()
        print(label, 'GOT', type(r).__name__)
        return r
    except BaseException as e:
        print(label, 'blocked', type(e).__name__)
`;

/** A local listener standing in for "the network": counts every connection any profile makes to it. */
let listener: Server;
let listenerPort = 0;
let connections = 0;

/** A normal profile and a viewer, to show the site still serves right after each attack. */
let calm: SiteUser;
let calmViewer: SiteUser;
async function expectSiteStillServes() {
  const page = await view(calmViewer.client, calm.name);
  expect(page.profile).toContain(`Hello, <i> ${calmViewer.name} </i>`);
  expect(problemOf(page)).toBeNull();
}

/** The local signing key's private part and the secret names, as `npm start` generated them for this run. */
function localSecrets(): string[] {
  const vars = readFileSync(join(import.meta.dirname, "../../workers/auth/.dev.vars"), "utf8");
  const jwk = JSON.parse(/AUTH_SIGNING_KEY='(.*)'/.exec(vars)![1]) as { d: string };
  return [jwk.d, "AUTH_SIGNING_KEY", "AUTH_VERIFY_KEY"];
}

/** A fresh owner storing `code`, and a fresh visitor who views it once. */
async function hostile(label: string, code: string) {
  const owner = await newUser(label);
  const visitor = await newUser(`${label}-visitor`);
  await setProfile(owner.client, code);
  return { owner, visitor, page: await view(visitor.client, owner.name) };
}

beforeAll(async () => {
  listener = createServer((_req, res) => res.end("hit"));
  listener.on("connection", () => connections++);
  await new Promise<void>((r) => listener.listen(0, "127.0.0.1", r));
  listenerPort = (listener.address() as { port: number }).port;
  calm = await newUser("calm");
  calmViewer = await newUser("calm-viewer");
  await setProfile(calm.client, sample("hello-user.py"));
});

afterAll(async () => {
  await new Promise((r) => listener.close(r));
});

describe("money", () => {
  it("forged senders and made-up methods move nothing from the visitor or a third party", async () => {
    const third = await newUser("third");
    const { owner, visitor, page } = await hostile(
      "forger",
      `#!python
import api
me, you = api.call('get_self'), api.call('get_visitor')
third = ${JSON.stringify(third.name)}
tries = [
    ('xfer', dict(target=me, zoobars=3, sender=you)),
    ('xfer', dict(target=me, zoobars=3, sender=third)),
    ('xfer', dict(target=me, zoobars=3, **{'from': you})),
    ('xfer', dict(target=me, zoobars=3, username=you)),
    ('xfer', dict(target=me, zoobars=3, owner=third)),
    ('transfer', dict(sender=you, recipient=me, zoobars=3)),
    ('xfer_from', dict(sender=third, target=me, zoobars=3)),
    ('set_balance', dict(username=me, zoobars=1000)),
    ('__proto__', dict()), ('constructor', dict()), ('toString', dict()),
]
for name, kw in tries:
    try:
        api.call(name, **kw)
        print('ACCEPTED', name, sorted(kw))
    except Exception as e:
        print('refused', name, type(e).__name__)
print('done')
`,
    );
    expect(page.profile).toContain("done");
    expect(page.profile).not.toContain("ACCEPTED");
    expect(await balance(visitor.client)).toBe(10);
    expect(await balance(third.client)).toBe(10);
    expect(await balance(owner.client)).toBe(10);
  });

  it("odd amounts and targets move nothing", async () => {
    const { owner, visitor, page } = await hostile(
      "odd-amounts",
      `#!python
import api
me, you = api.call('get_self'), api.call('get_visitor')
amounts = [2**63, 2**64 + 1, -2**63, 10**30, float('inf'), float('nan'), -0.0, 1e3, '1e3', '1; DROP TABLE x', [1], {'n': 1}, None, 0.9999]
for z in amounts:
    try:
        api.call('xfer', target=you, zoobars=z); print('MOVED', repr(z)[:20])
    except Exception as e:
        print('refused amount', type(e).__name__)
for target in [None, '', you + ' ', you.upper(), '%', you + '\\x00', [you], "x' OR '1'='1", 'nobody-' + me]:
    try:
        api.call('xfer', target=target, zoobars=1); print('MOVED to', repr(target)[:20])
    except Exception as e:
        print('refused target', type(e).__name__)
print('done')
`,
    );
    expect(page.profile).toContain("done");
    expect(page.profile).not.toContain("MOVED");
    expect(await balance(visitor.client)).toBe(10);
    expect(await balance(owner.client)).toBe(10);
  });

  it("one run cannot drain its owner: a per-run transfer limit stops a loop of small transfers", async () => {
    const owner = await newUser("drainer");
    const visitor = await newUser("drainer-visitor");
    for (let i = 0; i < 3; i++) await send((await newUser("donor")).client, owner.name, 10);
    await setProfile(
      owner.client,
      `#!python
import api
you = api.call('get_visitor')
moved = 0
try:
    for i in range(40):
        api.call('xfer', target=you, zoobars=1)
        moved += 1
except Exception as e:
    print('stopped after', moved, type(e).__name__, e)
print('moved', moved)
`,
    );
    const page = await view(visitor.client, owner.name);
    const ownerLeft = (await balance(owner.client))!;
    const visitorHas = (await balance(visitor.client))!;
    // Whatever moved went from the owner to the visitor and nowhere else.
    expect(ownerLeft + visitorHas).toBe(50);
    // The loop was cut short by a per-run limit, with the owner not drained (40 zoobars is four starting balances).
    expect(`${page.profile} ${problemOf(page)?.text ?? ""}`).toMatch(/limit|at most|per run|too many/i);
    expect(ownerLeft).toBeGreaterThan(0);
  });

  it("two concurrent views racing to empty the owner move each zoobar at most once", async () => {
    const owner = await newUser("racer");
    const v1 = await newUser("racer-v1");
    const v2 = await newUser("racer-v2");
    await setProfile(
      owner.client,
      `#!python
import api
me, you = api.call('get_self'), api.call('get_visitor')
have = api.call('get_user_info', username=me)['zoobars']
for z in (have, have, 1, 1):
    try:
        api.call('xfer', target=you, zoobars=z); print('sent', z)
    except Exception as e:
        print('refused', z, type(e).__name__)
`,
    );
    const pages = await Promise.all([view(v1.client, owner.name), view(v2.client, owner.name)]);
    for (const p of pages) expect(p.status).toBe(200);
    const [o, a, b] = [await balance(owner.client), await balance(v1.client), await balance(v2.client)];
    expect(o!).toBeGreaterThanOrEqual(0);
    expect(o! + a! + b!).toBe(30);
    expect(a! >= 10 && b! >= 10).toBe(true);
  });

  it("HTML in the profile cannot make the visitor's browser send zoobars", async () => {
    const { owner, visitor, page } = await hostile(
      "xss",
      `#!python
import api
me = api.call('get_self')
t = '/zoobar/index.cgi/transfer?zoobars=1&recipient=' + me + '&submission=Send'
print('<script>fetch("/zoobar/index.cgi/transfer",{method:"POST",body:"zoobars=1&recipient=' + me + '"})</script>')
print('<img src="' + t + '">')
print('<img src="x" onerror="alert(1)"><svg onload="alert(1)"></svg><body onload="alert(1)">')
print('<form method="POST" action="/zoobar/index.cgi/transfer"><input name="zoobars" value="5"><input name="recipient" value="' + me + '"><input type="submit" name="submission" value="Send"></form>')
print('<a href="javascript:alert(1)">x</a><a href="JaVaScRiPt:alert(1)">y</a><iframe src="' + t + '"></iframe><iframe srcdoc="x"></iframe>')
print('<meta http-equiv="refresh" content="0;url=' + t + '"><base href="http://127.0.0.1:1/"><object data="' + t + '"></object><embed src="' + t + '">')
print('<link rel="stylesheet" href="' + t + '"><style>body{background:url(' + t + ')}</style><div style="background:url(' + t + ')">s</div>')
print('<scr<script>ipt>alert(1)</scr</script>ipt><SCRIPT SRC=//127.0.0.1:1/x.js></SCRIPT>')
print('end-of-html')
`,
    );
    expect(page.profile).toContain("end-of-html");
    const html = page.profile;
    // Judge the tags that survived; escaped text is harmless.
    const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
    for (const tag of tags) {
      expect(tag).not.toMatch(/^<(script|form|iframe|frame|meta|base|object|embed|link|style|svg|body)\b/i);
      expect(tag).not.toMatch(/\son\w+\s*=/i);
      expect(tag).not.toMatch(/=\s*["']?\s*javascript:/i);
      expect(tag).not.toMatch(/srcdoc|url\s*\(/i);
    }
    // What a browser would still fetch from the page with the visitor's cookies must not transfer anything.
    for (const m of html.matchAll(/\s(?:src|href|action|data)\s*=\s*"([^"]*)"/gi)) {
      const url = new URL(m[1].replaceAll("&amp;", "&"), visitor.client.baseUrl);
      if (url.origin === new URL(visitor.client.baseUrl).origin) await visitor.client.get(url.pathname + url.search);
    }
    expect(await balance(visitor.client)).toBe(10);
    expect(await balance(owner.client)).toBe(10);
  });
});

describe("another owner's /data", () => {
  /** A victim whose /data holds a canary, written by one view of its own profile. */
  async function victimWithCanary() {
    const victim = await newUser("victim");
    const canary = `canary${token()}${token()}`;
    await setProfile(victim.client, `#!python\nopen('/data/canary.txt', 'w').write(${JSON.stringify(canary)})\nprint('stored')\n`);
    expect((await view(victim.client, victim.name)).profile).toContain("stored");
    return { victim, canary };
  }

  it("no path trick or file system walk reads it", async () => {
    const { victim, canary } = await victimWithCanary();
    const { page } = await hostile(
      "traversal",
      `#!python
import os, re, sys
V = ${JSON.stringify(victim.name)}
CANARY = re.compile(rb'canary[a-z0-9]{12,}')
paths = ['/data/canary.txt', '../canary.txt', '/data/../canary.txt', '/data/../' + V + '/canary.txt',
         '/' + V + '/canary.txt', '/data/' + V + '/canary.txt', '/data/../../data/' + V + '/canary.txt',
         '../' + V + '/canary.txt', '/data/./../data/canary.txt', '//data//canary.txt', '/data/%2e%2e/' + V + '/canary.txt',
         '/\\uff44\\uff41\\uff54\\uff41/canary.txt', '/data\\u200b/canary.txt', '/data/\\u2025/' + V + '/canary.txt',
         '/proc/self/root/data/canary.txt', '/proc/1/root/data/canary.txt', '/proc/self/cwd/canary.txt', '/dev/fd/3']
for p in paths:
    try:
        print('FOUND', p, open(p).read()[:80])
    except (OSError, ValueError) as e:
        print('no', type(e).__name__)
found = []
for top in [d for d in os.listdir('/') if d not in ('lib', 'proc', 'dev')] + ['proc/self']:
    for root, dirs, files in os.walk('/' + top, followlinks=False):
        for f in files:
            try:
                with open(os.path.join(root, f), 'rb') as fh:
                    if CANARY.search(fh.read(1 << 20)):
                        found.append(os.path.join(root, f))
            except OSError:
                pass
print('walk found', found)
print('walk-done')
`,
    );
    expect(page.profile).toContain("walk-done");
    expect(page.profile).not.toContain(canary);
    expect(page.profile).not.toContain("FOUND");
    expect(page.profile).toContain("walk found []");
  });

  it("symlinks, hard links, renames and directory file descriptors do not reach it, in this run or a later one", async () => {
    const { victim, canary } = await victimWithCanary();
    const { owner, visitor, page } = await hostile(
      "linker",
      `#!python
import os
V = ${JSON.stringify(victim.name)}
${PY_TRY}
targets = ['/data/..', '/data/../' + V, '/data/../' + V + '/canary.txt', '../' + V + '/canary.txt', '/' + V + '/canary.txt']
for i, tg in enumerate(targets):
    t('symlink%d' % i, lambda: os.symlink(tg, '/data/link%d' % i))
    t('tmplink%d' % i, lambda: os.symlink(tg, '/tmp/link%d' % i))
    t('hardlink%d' % i, lambda: os.link(tg, '/data/hard%d' % i))
    t('rename%d' % i, lambda: os.rename(tg, '/data/moved%d' % i))
fd = t('dirfd', lambda: os.open('/data', os.O_RDONLY | getattr(os, 'O_DIRECTORY', 0)))
if isinstance(fd, int):
    t('fd-listdir', lambda: print('fdlist', os.listdir(fd)))
    t('fd-up', lambda: print('FOUND', os.read(os.open('../' + V + '/canary.txt', os.O_RDONLY, dir_fd=fd), 100)))
    t('fd-fchdir', lambda: (os.fchdir(fd), os.chdir('..'), print('cwdlist', os.listdir('.'))))
def read_everything():
    out = []
    for i in range(len(targets)):
        for p in ('/data/link%d' % i, '/tmp/link%d' % i, '/data/hard%d' % i, '/data/moved%d' % i):
            candidates = [p, os.path.join(p, 'canary.txt'), os.path.join(p, V, 'canary.txt')]
            try:
                if os.path.isdir(p):
                    candidates += [os.path.join(p, n) for n in os.listdir(p)[:50]]
            except OSError:
                pass
            for q in candidates:
                try:
                    if os.path.isfile(q):
                        out.append(open(q, 'rb').read(200))
                except OSError:
                    pass
    return b'|'.join(out)
print('READ', read_everything().decode('latin-1').replace('<', '['))
print('linker-done')
`,
    );
    expect(page.profile).toContain("linker-done");
    expect(page.profile).not.toContain(canary);
    expect(page.profile).not.toContain("FOUND");
    // The links this run left in its own /data, resolved in a later run.
    const later = await view(visitor.client, owner.name);
    expect(later.profile).toContain("linker-done");
    expect(later.profile).not.toContain(canary);
    expect(later.profile).not.toContain("FOUND");
  });

  it("scraping the interpreter's memory with ctypes finds nothing of another owner's run", async () => {
    const victim = await newUser("mem-victim");
    const secret = `${token()}${token()}`;
    await setProfile(victim.client, `#!python\nkept = 'MEMSECRET' + '-' + ${JSON.stringify(secret)} * 50\nprint(kept[:30])\n`);
    expect((await view(victim.client, victim.name)).profile).toContain(`MEMSECRET-${secret}`);
    const { page } = await hostile(
      "scraper",
      `#!python
import re
try:
    import ctypes
except BaseException as e:
    # Refusing ctypes outright is containment too; say so and stop.
    print('ctypes refused', type(e).__name__)
    raise SystemExit
probe = bytearray(1 << 20)
top = ctypes.addressof((ctypes.c_char * len(probe)).from_buffer(probe)) + (1 << 20)
pattern = re.compile(b'MEM' + b'SECRET-([a-z0-9]{8,40})')
tails = set()
for start in range(0, top, 1 << 20):
    chunk = ctypes.string_at(start, min(1 << 20, top - start) + 64)
    for m in pattern.finditer(chunk):
        tails.add(m.group(1).decode())
print('tails', sorted(tails)[:20])
print('scanned MiB', top >> 20)
`,
    );
    // Either ctypes is refused, or the scan of this interpreter's memory found nothing of the victim's.
    expect(page.profile).toMatch(/scanned MiB|ctypes refused/);
    expect(page.profile).not.toContain(secret);
  });
});

describe("nothing left behind for a later run", () => {
  /** A normal profile that prints what hooks would change: the same every run except for its random number. */
  const VICTIM = (secret: string) => `#!python
import api, json, time, os, sys, builtins, gc, csv, random
me, you = api.call('get_self'), api.call('get_visitor')
print('victim', me, 'seen by', you)
print('json', json.dumps({'a': [1, 2]}))
print('upper', 'abc'.upper(), 'clock-ok', time.time() > 1.7e9)
print('cwd', os.getcwd(), 'recursion-ok', sys.getrecursionlimit() >= 500)
print('print-ok', print is builtins.print and type(print).__name__ == 'builtin_function_or_method')
print('api-ok', type(sys.modules['api']).__name__, sorted(k for k in dir(api) if not k.startswith('_')))
print('csv-ok', hasattr(csv, 'writer'))
print('tmp', sorted(os.listdir('/tmp')), 'root', sorted(os.listdir('/')))
open('/data/victim.txt', 'w').write(${JSON.stringify(secret)})
print('secret', ${JSON.stringify(secret)})
gc.collect()
time.sleep(0.2)
print('random', random.random())
print('victim-end')
`;
  const withoutRandom = (profile: string) => profile.replace(/^random .*$/m, "");

  it("monkeypatched builtins, sys.modules, stdlib modules and str methods do not reach another owner's run", async () => {
    const marker = `LEAK${token()}`;
    const victim = await newUser("patch-victim");
    const viewer = await newUser("patch-viewer");
    const secret = `vsecret${token()}`;
    await setProfile(victim.client, VICTIM(secret));
    const baseline = await view(viewer.client, victim.name);
    expect(baseline.profile).toContain("victim-end");

    const attacker = await newUser("patcher");
    await setProfile(attacker.client, PATCHER(marker));
    const planted = await view(viewer.client, attacker.name);
    expect(planted.profile).toContain("planted");

    const after = await view(viewer.client, victim.name);
    expect(after.profile).not.toContain(marker);
    expect(withoutRandom(after.profile)).toBe(withoutRandom(baseline.profile));
    // random.seed(1234) then random.random() in CPython gives 0.9664535356921388.
    expect(after.profile).not.toContain("0.9664535356921388");

    // The attacker's next run finds nothing the victim printed or wrote.
    const collect = await view(viewer.client, attacker.name);
    expect(collect.profile).toContain("stash");
    expect(collect.profile).not.toContain(secret);
    for (const u of [victim, viewer, attacker]) expect(await balance(u.client)).toBe(10);
  });

  it("the same owner's next run starts clean after it patched everything", async () => {
    const marker = `LEAK${token()}`;
    const { owner, visitor, page } = await hostile("self-patcher", PATCHER(marker));
    expect(page.profile).toContain("planted");
    const freshLine = (p: ProfileView) => /^fresh .*$/m.exec(p.profile)?.[0];
    expect(freshLine(page)).toMatch(/^fresh print=True json=True upper=True api=True clock=True cwd=\S+ recursion=True stash=None$/);
    const again = await view(visitor.client, owner.name);
    expect(freshLine(again)).toBe(freshLine(page));
    expect(again.profile).toContain("stash none");
    expect(again.profile).not.toContain(marker);
  });

  it("asyncio callbacks, tasks, timers and kept api references never fire into a later run", async () => {
    const marker = `LEAK${token()}`;
    const attacker = await newUser("timer");
    const victim = await newUser("timer-victim");
    const viewer = await newUser("timer-viewer");
    await setProfile(
      attacker.client,
      `#!python
import api, asyncio, threading, time, sys
me = api.call('get_self')
rid = repr(time.time())
print('RID', rid)
keep = api.call
sys.zz_keep = keep
def fire(tag):
    print(${JSON.stringify(marker)}, rid, tag)
    for f in (keep, sys.modules['api'].call):
        try:
            f('xfer', target=me, zoobars=1)
        except BaseException:
            pass
loop = asyncio.get_event_loop()
for d in (0, 0.05, 0.3, 1, 2, 3, 5, 8):
    loop.call_later(d, fire, 'later%s' % d)
loop.call_soon(fire, 'soon')
async def forever():
    while True:
        fire('task')
        await asyncio.sleep(0.25)
asyncio.ensure_future(forever())
try:
    threading.Timer(1, fire, ('thread',)).start()
except BaseException as e:
    print('no thread', type(e).__name__)
try:
    from pyodide.ffi import create_proxy, to_js
    st = to_js({}).constructor.constructor('return setTimeout')()
    st(create_proxy(lambda: fire('js-timer')), 1500)
except BaseException as e:
    print('no js timer', type(e).__name__)
print('planted')
`,
    );
    await setProfile(victim.client, VICTIM(`tsecret${token()}`));
    const planted = await view(viewer.client, attacker.name);
    expect(planted.profile).toContain("planted");
    const victimPages: ProfileView[] = [];
    for (let i = 0; i < 3; i++) {
      victimPages.push(await view(viewer.client, victim.name));
      await pause(1200);
    }
    for (const p of victimPages) {
      expect(p.profile).toContain("victim-end");
      expect(p.profile).not.toContain(marker);
    }
    // In the attacker's own next run, only that run's callbacks may print.
    const again = await view(viewer.client, attacker.name);
    const rid = /RID (\S+)/.exec(again.profile)?.[1];
    expect(rid).toBeTruthy();
    for (const line of again.profile.split("\n").filter((l) => l.startsWith(marker))) expect(line.split(" ")[1]).toBe(rid);
    for (const u of [attacker, victim, viewer]) expect(await balance(u.client)).toBe(10);
  });

  it("finalizers, atexit, gc callbacks and audit hooks do not fire in another owner's run", async () => {
    const marker = `LEAK${token()}`;
    const attacker = await newUser("finalizer");
    const victim = await newUser("final-victim");
    const viewer = await newUser("final-viewer");
    await setProfile(
      attacker.client,
      `#!python
import api, atexit, gc, sys, weakref
me = api.call('get_self')
state = {'busy': False, 'n': 0}
def fire(tag, *rest):
    if state['busy'] or state['n'] > 30:
        return
    state['busy'] = True
    state['n'] += 1
    try:
        print(${JSON.stringify(marker)}, tag)
        try:
            sys.modules['api'].call('xfer', target=me, zoobars=1)
        except BaseException:
            pass
    finally:
        state['busy'] = False
class Bomb:
    def __del__(self):
        fire('del')
a, b = Bomb(), Bomb()
a.other, b.other = b, a
del a, b
sys.zz_bomb = Bomb()
holder = Bomb()
weakref.finalize(holder, fire, 'weakref')
sys.zz_holder = holder
atexit.register(fire, 'atexit')
gc.callbacks.append(lambda phase, info: fire('gc-' + phase) if phase == 'stop' else None)
sys.addaudithook(lambda event, args: fire('audit-' + event) if event in ('open', 'import', 'exec', 'compile') and not state['busy'] else None)
print('planted')
`,
    );
    await setProfile(victim.client, VICTIM(`fsecret${token()}`));
    const planted = await view(viewer.client, attacker.name);
    expect(planted.profile).toContain("planted");
    for (let i = 0; i < 2; i++) {
      const p = await view(viewer.client, victim.name);
      expect(p.profile).toContain("victim-end");
      expect(p.profile).not.toContain(marker);
    }
    for (const u of [attacker, victim, viewer]) expect(await balance(u.client)).toBe(10);
  });

  it("files planted in /tmp, /lib and /home, and a swapped /data, do not reach another owner's run", async () => {
    const marker = `LEAK${token()}`;
    const attacker = await newUser("planter");
    const victim = await newUser("plant-victim");
    const viewer = await newUser("plant-viewer");
    const secret = `psecret${token()}`;
    await setProfile(victim.client, VICTIM(secret));
    const baseline = await view(viewer.client, victim.name);
    await setProfile(
      attacker.client,
      `#!python
import os, sys
M = ${JSON.stringify(marker)}
lib = '/lib/python%d.%d' % sys.version_info[:2]
plants = {
    '/tmp/planted.txt': M,
    lib + '/csv.py': 'print(%r, "csv")\\nwriter = None\\n' % M,
    lib + '/site-packages/csv.py': 'print(%r, "csv")\\n' % M,
    lib + '/site-packages/api.py': 'print(%r, "api")\\ndef call(*a, **k): return %r\\n' % (M, M),
    lib + '/site-packages/sitecustomize.py': 'print(%r, "site")\\n' % M,
    lib + '/site-packages/usercustomize.py': 'print(%r, "user")\\n' % M,
    lib + '/site-packages/zz.pth': 'import builtins; builtins.print(%r, "pth")\\n' % M,
    '/home/pyodide/.pythonrc.py': 'print(%r)\\n' % M,
    '/csv.py': 'print(%r, "csv")\\n' % M,
}
for path, text in plants.items():
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)
        print('wrote', path)
    except OSError as e:
        print('refused', path)
for mod in ('csv', 'json'):
    sys.modules.pop(mod, None)
try:
    os.makedirs('/tmp/trap', exist_ok=True)
    os.rename('/data', '/tmp/old-data')
    os.symlink('/tmp/trap', '/data')
    print('swapped /data')
except OSError as e:
    print('no swap', type(e).__name__)
def dump(d):
    for root, dirs, files in os.walk(d):
        for f in files:
            try:
                print('saw', os.path.join(root, f), open(os.path.join(root, f)).read(100))
            except OSError:
                pass
dump('/tmp')
print('planted')
`,
    );
    const planted = await view(viewer.client, attacker.name);
    expect(planted.profile).toContain("planted");
    const after = await view(viewer.client, victim.name);
    expect(after.profile).not.toContain(marker);
    expect(withoutRandom(after.profile)).toBe(withoutRandom(baseline.profile));
    const again = await view(viewer.client, attacker.name);
    expect(again.profile).toContain("planted");
    expect(again.profile).not.toContain(secret);
    // The victim's own /data kept its file in the right place: its next run still sees the same (clean) world.
    expect(withoutRandom((await view(viewer.client, victim.name)).profile)).toBe(withoutRandom(baseline.profile));
  });

  it("a crash that corrupts the interpreter's memory poisons no later run", async () => {
    const { owner, visitor, page } = await hostile(
      "corrupter",
      `#!python
import sys
print('run-started')
sys.stdout.flush()
try:
    import ctypes
except BaseException as e:
    print('ctypes refused', type(e).__name__)
    raise SystemExit
junk = bytearray(b'\\xff' * 4096)
src = ctypes.addressof((ctypes.c_char * len(junk)).from_buffer(junk))
for addr in range(4096, src - 8192, 4096 * 7):
    ctypes.memmove(addr, src, 4096)
print('survived')
`,
    );
    expect(page.status).toBe(200);
    const again = await view(visitor.client, owner.name);
    expect(again.status).toBe(200);
    expect(again.profile).toContain("run-started");
    const other = await newUser("after-corrupt");
    await setProfile(other.client, sample("visit-tracker.py"));
    expect((await view(visitor.client, other.name)).profile).toMatch(/Your visit count: 0\b/);
    expect((await view(visitor.client, other.name)).profile).toMatch(/Your visit count: 1\b/);
    await expectSiteStillServes();
  });

  // String hashes are not covered: every interpreter is restored from one
  // memory snapshot, whose hash secret and cached hashes cannot be changed
  // afterwards (SECURITY.md, out of scope). Flooding a dict costs only the
  // profile's own CPU budget.
  it("one owner cannot predict another owner's random numbers", async () => {
    const a = await hostile("dice-a", "#!python\nimport random\nprint('dice', random.random(), hash('zoobar'))\n");
    const b = await hostile("dice-b", "#!python\nimport random\nprint('dice', random.random(), hash('zoobar'))\n");
    const [ra, ha] = /dice (\S+) (\S+)/.exec(a.page.profile)!.slice(1);
    const [rb, hb] = /dice (\S+) (\S+)/.exec(b.page.profile)!.slice(1);
    expect(ra).not.toBe(rb);
    expect(ha).toBe(hb); // the known, documented limitation above
  });
});

describe("reach", () => {
  it("opens no connection: urllib, http.client, socket, pyodide.http, or JavaScript fetch", async () => {
    const before = connections;
    const { page } = await hostile(
      "netter",
      `#!python
import asyncio, http.client, socket, urllib.request
import pyodide.http, pyodide.ffi
URL = 'http://127.0.0.1:${listenerPort}/hit'
${PY_TRY}
t('urllib', lambda: urllib.request.urlopen(URL, timeout=2).read())
t('http.client', lambda: (lambda c: (c.request('GET', '/hit'), c.getresponse().read()))(http.client.HTTPConnection('127.0.0.1', ${listenerPort}, timeout=2)))
t('socket', lambda: socket.create_connection(('127.0.0.1', ${listenerPort}), timeout=2).send(b'GET / HTTP/1.0\\r\\n\\r\\n'))
t('socket-localhost', lambda: socket.create_connection(('localhost', ${listenerPort}), timeout=2))
t('open_url', lambda: pyodide.http.open_url(URL).read())
t('pyxhr', lambda: pyodide.http.pyxhr.get(URL) if hasattr(pyodide.http, 'pyxhr') else None)
t('pyfetch-task', lambda: asyncio.ensure_future(pyodide.http.pyfetch(URL)))
t('pyfetch-sync', lambda: pyodide.ffi.run_sync(pyodide.http.pyfetch(URL)))
F = t('Function', lambda: pyodide.ffi.to_js({}).constructor.constructor)
t('fetch', lambda: F('u', 'return fetch(u)')(URL))
t('globalThis.fetch', lambda: F('return globalThis')().fetch(URL))
t('import()', lambda: F('u', 'return import(u)')(URL))
t('websocket', lambda: F('u', 'return new WebSocket(u)')('ws://127.0.0.1:${listenerPort}/'))
print('net-done')
`,
    );
    expect(page.profile).toContain("net-done");
    await pause(1000);
    expect(connections - before).toBe(0);
    await expectSiteStillServes();
  });

  it("walking the object graph for JavaScript objects and calling them reaches no global, binding or secret", async () => {
    const before = connections;
    const { owner, visitor, page } = await hostile(
      "js-walker",
      `#!python
import api, gc, sys, types
import pyodide.ffi as ffi
URL = 'http://127.0.0.1:${listenerPort}/walk'
me, you = api.call('get_self'), api.call('get_visitor')
try:
    proxies = [o for o in gc.get_objects() if isinstance(o, ffi.JsProxy)]
except BaseException as e:
    print('heap walk refused', type(e).__name__)
    proxies = []
seen, stack = set(), [api, api.call] + list(sys.modules.values())
for r in (lambda: ffi.to_js({}), lambda: ffi.to_js([]), lambda: ffi.create_proxy(print)):
    try: stack.append(r())
    except BaseException: pass
while stack and len(seen) < 50000:
    o = stack.pop()
    if id(o) in seen:
        continue
    seen.add(id(o))
    if isinstance(o, ffi.JsProxy):
        proxies.append(o)
        continue
    try:
        if isinstance(o, dict): stack.extend(o.values())
        elif isinstance(o, (list, tuple, set, frozenset)): stack.extend(o)
        elif isinstance(o, types.FunctionType):
            stack.extend([o.__globals__, o.__defaults__ or (), o.__kwdefaults__ or {}] + [c.cell_contents for c in (o.__closure__ or ())])
        elif isinstance(o, types.ModuleType): stack.append(vars(o))
        elif hasattr(o, '__dict__') and not isinstance(o, type): stack.append(vars(o))
    except BaseException:
        pass
print('proxies', len(proxies))
reached = []
globals_ = []
for p in proxies[:300]:
    for path in ('constructor.constructor', 'constructor'):
        try:
            f = p
            for part in path.split('.'): f = getattr(f, part)
            globals_.append(f('return globalThis')())
        except BaseException:
            pass
for g in globals_[:3] + proxies[:300]:
    for name in ('fetch', 'env', 'caches', 'connect', 'idFromName', 'prepare', 'WebSocket', 'process', 'require', 'Deno', 'AUTH', 'BANK', 'PROFILES', '__env__', 'ENV'):
        try:
            v = getattr(g, name)
            if v is not None:
                reached.append(name)
                try: v(URL)
                except BaseException: pass
        except BaseException:
            pass
    try:
        for k in dir(g)[:400]:
            v = getattr(g, k, None)
            if isinstance(v, ffi.JsProxy) and any(hasattr(v, m) for m in ('idFromName', 'prepare', 'connect', 'fetch')):
                reached.append('binding-like ' + k)
    except BaseException:
        pass
for p in proxies[:300]:
    if callable(p):
        for args in (('xfer', {'target': me, 'zoobars': 5, 'sender': you}), ('xfer', ffi.to_js({'target': me, 'zoobars': 5, 'sender': you})), (URL,)):
            try: p(*args)
            except BaseException: pass
print('reached', sorted(set(reached)))
print('walk-done')
`,
    );
    expect(page.profile).toContain("walk-done");
    for (const name of ["fetch", "env", "caches", "connect", "idFromName", "prepare", "binding-like", "AUTH", "BANK", "PROFILES"])
      expect(page.profile.split("\n").find((l) => l.startsWith("reached")) ?? "").not.toContain(name);
    for (const s of localSecrets()) expect(page.body).not.toContain(s);
    await pause(500);
    expect(connections - before).toBe(0);
    expect(await balance(visitor.client)).toBe(10);
    expect(await balance(owner.client)).toBe(10);
    await expectSiteStillServes();
  });

  it("sees no secret in os.environ, /proc, files or Pyodide's JavaScript side", async () => {
    const { page } = await hostile(
      "secret-hunter",
      `#!python
import os, sys
print('env', dict(os.environ))
for p in ['/proc/self/environ', '/proc/1/environ', '/proc/self/cmdline', '/proc/self/maps', '/.dev.vars', '/data/../.dev.vars',
          '/workers/auth/.dev.vars', '/home/pyodide/.env', '/etc/passwd', '/etc/environment']:
    try:
        print('file', p, open(p, 'rb').read(400))
    except OSError as e:
        print('nofile', p)
try:
    import pyodide.ffi as ffi
    G = ffi.to_js({}).constructor.constructor('return globalThis')()
    for name in ('env', 'process', 'AUTH_SIGNING_KEY', 'AUTH_VERIFY_KEY', '__env', 'ENV', 'Cloudflare'):
        print('js', name, getattr(G, name, None))
except BaseException as e:
    print('no js', type(e).__name__)
hits = []
for root, dirs, files in os.walk('/'):
    if root.startswith(('/lib', '/proc', '/dev')):
        dirs[:] = []
        continue
    for f in files:
        try:
            if b'"kt' + b'y"' in open(os.path.join(root, f), 'rb').read(1 << 20):
                hits.append(os.path.join(root, f))
        except OSError:
            pass
print('jwk files', hits)
print('hunt-done')
`,
    );
    expect(page.profile).toContain("hunt-done");
    for (const s of localSecrets()) expect(page.body).not.toContain(s);
    const env = /^env (.*)$/m.exec(page.profile)?.[1] ?? "";
    expect(env).not.toMatch(/KEY|SECRET|TOKEN|JWK|AUTH|PASSWORD|CLOUDFLARE|WRANGLER/i);
    expect(page.profile).toContain("jwk files []");
    expect(page.profile).not.toMatch(/&#39;kty|"kty"/);
  });

  it("loads no package: micropip, loadPackage, importlib or the import hook", async () => {
    const before = connections;
    const { page } = await hostile(
      "loader",
      `#!python
import importlib, sys
import pyodide.ffi as ffi
${PY_TRY}
t('micropip', lambda: __import__('micropip'))
t('importlib numpy', lambda: importlib.import_module('numpy'))
t('requests', lambda: __import__('requests'))
t('pyodide_js', lambda: __import__('pyodide_js').loadPackage('numpy'))
t('js', lambda: __import__('js'))
def from_js():
    G = ffi.to_js({}).constructor.constructor('return globalThis')()
    return ffi.run_sync(G.pyodide.loadPackage('numpy'))
t('globalThis.pyodide', from_js)
import pyodide._package_loader as pl
for name in [n for n in dir(pl) if 'load' in n.lower() or 'install' in n.lower()]:
    t('package_loader.' + name, lambda: ffi.run_sync(getattr(pl, name)('numpy')))
t('import numpy after', lambda: __import__('numpy'))
print('numpy loaded', 'numpy' in sys.modules)
print('micropip loaded', 'micropip' in sys.modules)
`,
    );
    expect(page.profile).toContain("numpy loaded False");
    expect(page.profile).toContain("micropip loaded False");
    expect(page.profile).not.toMatch(/^(micropip|importlib numpy|requests|pyodide_js|import numpy after) GOT/m);
    expect(connections - before).toBe(0);
  });
});

describe("Python-level resource limits", () => {
  it("a loop that catches KeyboardInterrupt and BaseException and carries on is still stopped", async () => {
    const { owner, visitor, page } = await hostile(
      "stubborn",
      `#!python
caught = 0
while True:
    try:
        while True:
            pass
    except BaseException as e:
        caught += 1
        if caught < 3:
            print('caught', type(e).__name__)
        continue
`,
    );
    expectStoppedByLimit(page);
    expectStoppedByLimit(await view(visitor.client, owner.name));
    await expectSiteStillServes();
  });

  it("ignoring SIGINT and clearing or installing trace and profile hooks does not escape the CPU budget", async () => {
    const { page } = await hostile(
      "signal-ignorer",
      `#!python
import signal, sys, threading
for name in ('SIGINT', 'SIGALRM', 'SIGVTALRM', 'SIGPROF', 'SIGTERM', 'SIGXCPU'):
    try:
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    except BaseException:
        pass
try:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
except BaseException:
    pass
sys.settrace(None); sys.setprofile(None); threading.settrace(None)
sys.setswitchinterval(1000)
def tracer(frame, event, arg):
    return tracer
sys.settrace(tracer)
sys.setprofile(lambda *a: None)
n = 0
while True:
    n += 1
`,
    );
    expectStoppedByLimit(page);
    await expectSiteStillServes();
  });

  it("re-entering the loop from every finally block is still stopped", async () => {
    const { page } = await hostile(
      "finally-looper",
      `#!python
def spin(depth):
    try:
        while True:
            pass
    finally:
        spin(depth + 1)
spin(0)
`,
    );
    expectStoppedByLimit(page);
    await expectSiteStillServes();
  });

  it("a loop inside __del__, whose exceptions Python swallows, is still stopped", async () => {
    const { page } = await hostile(
      "del-looper",
      `#!python
class Spin:
    def __del__(self):
        while True:
            pass
while True:
    Spin()
`,
    );
    expectStoppedByLimit(page);
    await expectSiteStillServes();
  });

  it("an endless stream of API calls is stopped by a limit", async () => {
    const { owner, visitor, page } = await hostile(
      "api-spammer",
      `#!python
import api
me = api.call('get_self')
while True:
    try:
        api.call('get_user_info', username=me)
        api.call('get_self')
    except KeyboardInterrupt:
        pass
`,
    );
    expectStoppedByLimit(page);
    expect(await balance(owner.client)).toBe(10);
    expect(await balance(visitor.client)).toBe(10);
    await expectSiteStillServes();
  });

  it("sleeping for days is stopped by the wall-time limit", async () => {
    const { page } = await hostile("sleeper", "#!python\nimport time\nprint('going to sleep')\ntime.sleep(10**6)\nprint('WOKE')\n");
    expectStoppedByLimit(page);
    expect(page.profile).not.toContain("WOKE");
    await expectSiteStillServes();
  });

  it("deep recursion with a raised recursion limit ends as a catchable RecursionError", async () => {
    const { owner, visitor, page } = await hostile(
      "recurser",
      `#!python
import sys
sys.setrecursionlimit(10**6)
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError:
    print('caught RecursionError')
nested = []
for i in range(10**6):
    nested = [nested]
try:
    repr(nested)
except RecursionError:
    print('repr RecursionError')
print('after recursion')
`,
    );
    expect(page.profile).toContain("caught RecursionError");
    // Known gap (SECURITY.md): repr of a 10**6-deep list recurses inside C past
    // V8's own stack before CPython's check sees it, which ends the run as a
    // clean "interpreter stopped" instead of RecursionError. What must hold
    // either way: that interpreter is never reused, so the next run is whole.
    if (!page.profile.includes("after recursion")) expect(page.body).toMatch(/InterpreterError|stopped unexpectedly/);
    expect((await view(visitor.client, owner.name)).profile).toContain("caught RecursionError");
    await expectSiteStillServes();
  });

  it("output bombs on every channel are cut at the cap with a visible note", async () => {
    const { page } = await hostile(
      "shouter",
      `#!python
import os, sys
for i in range(3000):
    print('A' * 1000)
sys.stdout.write('B' * 10**6)
sys.__stdout__.write('C' * 10**6)
try:
    os.write(1, b'D' * 10**6)
except OSError:
    pass
print('E' * 10**6, file=sys.stderr)
print('END-OF-BOMB')
`,
    );
    expect(page.status).toBe(200);
    expect(page.body.length).toBeLessThan(512 * 1024);
    expect(page.profile).toMatch(/cut|truncat/i);
    expect(page.profile).not.toContain("END-OF-BOMB");
    await expectSiteStillServes();
  });

  it("filling /data fails with ENOSPC or EDQUOT, and the owner's next run and other owners still work", async () => {
    const { owner, visitor, page } = await hostile(
      "filler",
      `#!python
import errno
total, stop = 0, None
for i in range(20000):
    try:
        with open('/data/bomb%05d' % i, 'wb') as f:
            for j in range(16):
                f.write(b'x' * 65536)
                total += 65536
    except OSError as e:
        if e.errno == errno.EFBIG:
            continue
        stop = errno.errorcode.get(e.errno, str(e.errno))
        break
print('stopped', stop, 'MiB', total >> 20)
`,
    );
    expect(page.profile).toMatch(/stopped (ENOSPC|EDQUOT) MiB/);
    expect((await view(visitor.client, owner.name)).profile).toMatch(/stopped (ENOSPC|EDQUOT) MiB/);
    const other = await newUser("after-filler");
    await setProfile(other.client, sample("visit-tracker.py"));
    expect((await view(visitor.client, other.name)).profile).toMatch(/Your visit count: 0\b/);
    expect((await view(visitor.client, other.name)).profile).toMatch(/Your visit count: 1\b/);
  });

  it("creating endless empty files in /data fails with ENOSPC or EDQUOT", async () => {
    const { page } = await hostile(
      "file-spammer",
      `#!python
import errno, os
os.makedirs('/data/many', exist_ok=True)
stop = None
for i in range(10**6):
    try:
        open('/data/many/%d' % i, 'w').close()
    except OSError as e:
        stop = errno.errorcode.get(e.errno, str(e.errno))
        break
print('files stopped', stop)
`,
    );
    expect(page.profile).toMatch(/files stopped (ENOSPC|EDQUOT)/);
  });

  it("overlong names and deep directories in /data fail with OSError", async () => {
    const { page } = await hostile(
      "long-namer",
      `#!python
import errno, os
def attempt(label, fn):
    try:
        fn(); print(label, 'ACCEPTED')
    except OSError as e:
        print(label, 'OSError', errno.errorcode.get(e.errno, e.errno))
    except RecursionError:
        # os.makedirs recurses once per missing parent (CPython does this natively too).
        print(label, 'RecursionError')
attempt('long-name', lambda: open('/data/' + 'a' * 100000, 'w').write('x'))
attempt('deep-dirs', lambda: os.makedirs('/data/' + '/'.join(['d'] * 20000)))
print('names-done')
`,
    );
    expect(page.profile).toContain("names-done");
    expect(page.profile).toMatch(/long-name OSError/);
    expect(page.profile).toMatch(/deep-dirs (OSError|RecursionError)/);
    expect(page.profile).not.toMatch(/ACCEPTED/);
  });

  it("a memory bomb gets MemoryError within a few hundred MiB, and the next runs have their memory", async () => {
    const { owner, visitor, page } = await hostile(
      "memory-bomb",
      `#!python
chunks = []
try:
    chunks.append(bytearray(2**31))
except (OverflowError, MemoryError) as e:
    print('2**31', type(e).__name__)
try:
    while True:
        chunks.append(bytearray(16 << 20))
except MemoryError:
    got = len(chunks) * 16
    chunks.clear()
    print('MemoryError after MiB', got)
`,
    );
    expectMemoryContained(page);
    const mib = /MemoryError after MiB (\d+)/.exec(page.profile)?.[1];
    if (mib) expect(Number(mib)).toBeLessThanOrEqual(1024);
    expectMemoryContained(await view(visitor.client, owner.name));
    const { page: roomy } = await hostile("roomy", "#!python\nb = bytearray(64 << 20)\nprint('allocated', len(b) >> 20, 'MiB')\n");
    expect(roomy.profile).toContain("allocated 64 MiB");
    await expectSiteStillServes();
  });

  it("a list that keeps growing while MemoryError is swallowed is stopped cleanly", async () => {
    const { owner, visitor, page } = await hostile(
      "hoarder",
      `#!python
hoard = []
while True:
    try:
        hoard.append('x' * 100000 + str(len(hoard)))
    except MemoryError:
        hoard = hoard[: len(hoard) // 2]
        hoard.append([0] * 1000)
`,
    );
    expectMemoryContained(page);
    expectMemoryContained(await view(visitor.client, owner.name));
    await expectSiteStillServes();
  });
});

describe("work inside C that never returns to the bytecode loop", () => {
  it("sum(range(10**13)) is stopped, and a normal profile is served meanwhile", async () => {
    const owner = await newUser("c-summer");
    const visitor = await newUser("c-summer-visitor");
    await setProfile(owner.client, "#!python\nprint('summing')\nprint(sum(range(10**13)))\n");
    const [page, normal] = await Promise.all([view(visitor.client, owner.name), view(calmViewer.client, calm.name)]);
    expect(normal.profile).toContain(`Hello, <i> ${calmViewer.name} </i>`);
    expectStoppedByLimit(page);
    await expectSiteStillServes();
  });

  it("7 ** (10 ** 9) is stopped by a limit or MemoryError", async () => {
    const { page } = await hostile("c-power", "#!python\nx = 7 ** (10 ** 9)\nprint('POWER-DONE')\n");
    expect(page.profile).not.toContain("POWER-DONE");
    expectMemoryContained(page);
    await expectSiteStillServes();
  });

  it("a catastrophic regular expression is stopped", async () => {
    const { page } = await hostile("c-regex", "#!python\nimport re\nprint(re.match(r'(a+)+$', 'a' * 64 + 'b'))\nprint('REGEX-DONE')\n");
    expect(page.profile).not.toContain("REGEX-DONE");
    expectStoppedByLimit(page);
    await expectSiteStillServes();
  });

  // (Pyodide's hashlib has no pbkdf2_hmac: it is built without OpenSSL.)
  it("a huge factorial, one long call into C, is stopped by the CPU limit or runs out of memory cleanly", async () => {
    const { page } = await hostile("c-churn", "#!python\nimport math\nx = math.factorial(10**8)\nprint('CHURN-DONE')\n");
    expect(page.profile).not.toContain("CHURN-DONE");
    expectMemoryContained(page);
    await expectSiteStillServes();
  });
});

/** The attacker behind two of the "left behind" tests: reports how fresh its world is, then patches everything. */
function PATCHER(marker: string) {
  return `#!python
import api, builtins, json, os, random, sys, time, gc
try:
    import ctypes
except BaseException:
    ctypes = None
fresh = [
    'print=%s' % (type(builtins.print).__name__ == 'builtin_function_or_method'),
    'json=%s' % (json.dumps([1]) == '[1]'),
    'upper=%s' % ('abc'.upper() == 'ABC'),
    'api=%s' % (type(sys.modules['api']).__name__ == 'module'),
    'clock=%s' % (time.time() > 1.7e9),
    'cwd=%s' % os.getcwd(),
    'recursion=%s' % (sys.getrecursionlimit() >= 500),
    'stash=%s' % (getattr(sys, 'zz_stash', None),),
]
print('fresh', ' '.join(fresh))
try:
    print('stash', open('/tmp/stash').read()[:2000])
except OSError:
    print('stash none')
M = ${JSON.stringify(marker)}
me = api.call('get_self')
real_print, real_open, real_call = builtins.print, builtins.open, api.call
sys.zz_stash = []
def evil_print(*a, **k):
    sys.zz_stash.append(' '.join(map(str, a)))
    try:
        with real_open('/tmp/stash', 'a') as f:
            f.write(' '.join(map(str, a)) + '\\n')
    except OSError:
        pass
    real_print(M, *a, **k)
builtins.print = evil_print
def evil_open(*a, **k):
    sys.zz_stash.append('open %r' % (a,))
    return real_open(*a, **k)
builtins.open = evil_open
json.dumps = lambda *a, **k: M + ' json'
time.time = lambda: 0.0
random.seed(1234)
os.chdir('/tmp')
sys.setrecursionlimit(60)
class EvilApi:
    APIError = Exception
    def call(self, name, **kw):
        try:
            real_call('xfer', target=me, zoobars=1)
        except BaseException:
            pass
        return M
sys.modules['api'] = EvilApi()
api.call = EvilApi().call
class EvilFinder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        real_print(M, 'import', name)
        return None
sys.meta_path.insert(0, EvilFinder)
sys.excepthook = lambda *a: real_print(M, 'excepthook')
try:
    d = gc.get_referents(str.__dict__)[0]
    d['upper'] = lambda self: M
    ctypes.pythonapi.PyType_Modified(ctypes.py_object(str))
except BaseException as e:
    real_print('no str patch', type(e).__name__)
real_print('planted')
`;
}
