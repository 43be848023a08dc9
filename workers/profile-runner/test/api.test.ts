// api.call from profile code: every method, its argument errors, and xfer
// attempts that must move nothing. Real auth, bank and profiles workers.
import { beforeAll, describe, expect, it } from "vitest";
import { balance, newUser, runAs, send, setProfile, view, type TestUser } from "./support/app";

let owner: TestUser;
let visitor: TestUser;

beforeAll(async () => {
  [owner, visitor] = await Promise.all([newUser("api-owner"), newUser("api-visitor")]);
});

const lines = (output: string) => output.trimEnd().split("\n");

describe("api methods", () => {
  it("get_self and get_visitor name the owner and the visitor, from `import api` and from the pre-set global", async () => {
    const run = await runAs(owner, visitor, "import api\nprint(api.call('get_self'))\nprint(api.call('get_visitor'))");
    expect(run).toEqual({ output: `${owner.username}\n${visitor.username}\n`, outcome: "ok" });
    const old = await runAs(owner, visitor, "def f():\n    global api\n    return api.call('get_visitor')\nprint(f())");
    expect(old.output).toBe(`${visitor.username}\n`);
  });

  it("get_user_info returns username, profile and zoobars, or None for no such user", async () => {
    await setProfile(visitor, "I am the visitor");
    const run = await runAs(
      owner,
      visitor,
      `import api
info = api.call('get_user_info', username=${JSON.stringify(visitor.username)})
print(sorted(info), info['username'], info['profile'], info['zoobars'])
print(api.call('get_user_info', username='no such user, surely'))
print(api.call('get_user_info', username=''))`,
    );
    expect(lines(run.output)).toEqual([
      `['profile', 'username', 'zoobars'] ${visitor.username} I am the visitor ${await balance(visitor)}`,
      "None",
      "None",
    ]);
  });

  it("get_xfers lists the bank's transfers newest first with asctime times, and [] for a stranger", async () => {
    const a = await newUser("xfers-a");
    await send(a, owner, 2);
    await send(owner, a, 1);
    const run = await runAs(
      owner,
      visitor,
      `import api
for x in api.call('get_xfers', username=${JSON.stringify(a.username)}):
    print(sorted(x), x['sender'], x['recipient'], x['amount'], x['time'])
print(api.call('get_xfers', username='nobody at all'))`,
    );
    const out = lines(run.output);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(new RegExp(`^\\['amount', 'recipient', 'sender', 'time'\\] ${owner.username} ${a.username} 1 \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}$`));
    expect(out[1]).toContain(`${a.username} ${owner.username} 2 `);
    expect(out[2]).toBe("[]");
  });

  it("xfer moves zoobars from the owner to the target", async () => {
    const [o, v] = await Promise.all([newUser("xfer-o"), newUser("xfer-v")]);
    const run = await runAs(o, v, `import api\nprint(api.call('xfer', target=${JSON.stringify(v.username)}, zoobars=3))`);
    expect(run).toEqual({ output: "None\n", outcome: "ok" });
    expect([await balance(o), await balance(v)]).toEqual([7, 13]);
  });
});

describe("argument errors raise catchable exceptions and move nothing", () => {
  it("each wrong call raises api.ArgumentError (an api.APIError, TypeError and ValueError) with a clear message", async () => {
    const [o, v] = await Promise.all([newUser("args-o"), newUser("args-v")]);
    const V = JSON.stringify(v.username);
    const O = JSON.stringify(o.username);
    const attempts = [
      "api.call('get_balance')",
      "api.call(42)",
      "api.call('get_user_info')",
      "api.call('get_user_info', 'bob')",
      "api.call('get_user_info', username='bob', extra=1)",
      "api.call('get_self', username='bob')",
      "api.call('get_user_info', username=7)",
      "api.call('get_xfers', username=None)",
      `api.call('xfer', target=${V})`,
      `api.call('xfer', zoobars=1)`,
      `api.call('xfer', target=${V}, zoobars=-5)`,
      `api.call('xfer', target=${V}, zoobars=0)`,
      `api.call('xfer', target=${V}, zoobars=1.0)`,
      `api.call('xfer', target=${V}, zoobars=0.5)`,
      `api.call('xfer', target=${V}, zoobars=True)`,
      `api.call('xfer', target=${V}, zoobars='1')`,
      `api.call('xfer', target=${V}, zoobars=10**30)`,
      `api.call('xfer', target=42, zoobars=1)`,
      `api.call('xfer', sender=${V}, target=${O}, zoobars=1)`,
    ];
    const code = `import api
for attempt in ${JSON.stringify(attempts)}:
    try:
        eval(attempt)
        print('NO ERROR', attempt)
    except api.ArgumentError as e:
        assert isinstance(e, api.APIError) and isinstance(e, TypeError) and isinstance(e, ValueError)
        print('ArgumentError:', e)
print('still running')`;
    const run = await runAs(o, v, code);
    expect(run.outcome).toBe("ok");
    const out = lines(run.output);
    expect(out.filter((l) => l.startsWith("NO ERROR"))).toEqual([]);
    expect(out.at(-1)).toBe("still running");
    expect(out).toHaveLength(attempts.length + 1);
    expect(out[0]).toMatch(/no such method 'get_balance'/);
    expect(out[2]).toMatch(/missing username/);
    expect(out[3]).toMatch(/keyword arguments only/);
    expect(out[4]).toMatch(/unexpected extra/);
    expect(out[10]).toMatch(/zoobars must be positive, not -5/);
    expect(out[12]).toMatch(/zoobars must be a whole number \(int\), not float/);
    expect(out[14]).toMatch(/not bool/);
    expect(out[18]).toMatch(/unexpected sender/);
    expect([await balance(o), await balance(v)]).toEqual([10, 10]);
  });

  it("the bank's refusals (to self, unknown target, insufficient funds, the per-run cap) raise api.APIError and move nothing", async () => {
    const [o, v] = await Promise.all([newUser("refuse-o"), newUser("refuse-v")]);
    const code = `import api
for target, amount in [(${JSON.stringify(o.username)}, 1), ('nobody-here-at-all', 1), (${JSON.stringify(v.username)}, 11)]:
    try:
        api.call('xfer', target=target, zoobars=amount)
        print('NO ERROR')
    except api.APIError as e:
        print(type(e).__name__, bool(str(e)))
print('done')`;
    const run = await runAs(o, v, code);
    expect(run).toEqual({ output: "APIError True\nAPIError True\nAPIError True\ndone\n", outcome: "ok" });
    expect([await balance(o), await balance(v)]).toEqual([10, 10]);
  });

  it("an uncaught refusal is an ordinary exception: the visitor sees its type and message", async () => {
    const [o, v] = await Promise.all([newUser("uncaught-o"), newUser("uncaught-v")]);
    const run = await runAs(o, v, `import api\nprint('before')\napi.call('xfer', target=${JSON.stringify(v.username)}, zoobars=-1)`);
    expect(run.outcome).toBe("exception");
    expect(run.output).toBe("before\n");
    expect(run.error?.type).toBe("ArgumentError");
    expect(run.error?.message).toMatch(/positive/);
    expect(run.error?.traceback).toBeUndefined();
  });

  it("the visitor's money cannot be pulled: there is no way to name a sender", async () => {
    const [o, v] = await Promise.all([newUser("pull-o"), newUser("pull-v")]);
    const O = JSON.stringify(o.username);
    const V = JSON.stringify(v.username);
    const code = `import api
for kwargs in [dict(target=${O}, zoobars=5), dict(sender=${V}, target=${O}, zoobars=5), dict(source=${V}, target=${O}, zoobars=5)]:
    try:
        api.call('xfer', **kwargs)
    except api.APIError as e:
        print('refused')
`;
    const run = await runAs(o, v, code);
    expect(run.output).toBe("refused\nrefused\nrefused\n");
    expect([await balance(o), await balance(v)]).toEqual([10, 10]);
  });
});

describe("api handles belong to one run", () => {
  it("a handle kept from an earlier run raises 'this run has ended' and never acts", async () => {
    const [o, v] = await Promise.all([newUser("kept-o"), newUser("kept-v")]);
    // linecache.cache is a dict the owner's next run, in the same warm interpreter, can still reach.
    await runAs(o, v, "import api, linecache\nlinecache.cache['kept'] = (api, api.call)\nprint('stashed')");
    const run = await runAs(
      o,
      v,
      `import linecache
kept = linecache.cache.get('kept')
if kept is None:
    print('fresh interpreter')
else:
    old_api, old_call = kept
    for f in (lambda: old_api.call('get_visitor'), lambda: old_call('xfer', target=${JSON.stringify(v.username)}, zoobars=1)):
        try:
            f()
            print('ACTED')
        except old_api.APIError as e:
            print(e)`,
    );
    // The second run reused the first one's interpreter, so the old handles were really there to try.
    expect(run.outcome).toBe("ok");
    expect(lines(run.output)).toEqual(Array(2).fill("this run has ended: an api handle kept from an earlier run cannot be used"));
    expect([await balance(o), await balance(v)]).toEqual([10, 10]);
  });
});

// Guards the helpers' view() against silently viewing the wrong profile.
it("views run the owner's stored code, read by the runner itself", async () => {
  const [o, v] = await Promise.all([newUser("stored-o"), newUser("stored-v")]);
  await setProfile(o, "#!python\nprint('version 1')");
  expect((await view(v, o)).output).toBe("version 1\n");
  await setProfile(o, "#!python\nprint('version 2')");
  expect((await view(v, o)).output).toBe("version 2\n");
});
