// Per-run caps on what profile code may do through `api`: the number of
// api.call()s (enforced by the runner's bridge, API_MAX_CALLS = 200), and the
// transfers and zoobars an owner's code may move in one view (enforced by the
// bank: RUN_MAX_TRANSFERS, RUN_MAX_ZOOBARS).
import { RUN_MAX_TRANSFERS, RUN_MAX_ZOOBARS } from "@zoobar/shared";
import { describe, expect, it } from "vitest";
import { balance, newUser, runAs, send } from "./support/app";

const lines = (output: string) => output.trimEnd().split("\n");

describe("api calls per run", () => {
  it("the 201st call raises api.APIError saying why, reaches no service, and the next run has a fresh allowance", async () => {
    const [o, v] = await Promise.all([newUser("calls-o"), newUser("calls-v")]);
    const code = `import api
done = 0
for i in range(250):
    try:
        api.call('get_self')
        done += 1
    except api.APIError as e:
        print(done, i, e)
        break
try:
    api.call('xfer', target=${JSON.stringify(v.username)}, zoobars=1)
except api.APIError as e:
    print('xfer refused too')`;
    const run = await runAs(o, v, code);
    expect(run.outcome).toBe("ok");
    expect(lines(run.output)).toEqual([
      "200 200 api call limit reached: a profile may make at most 200 api.call()s per view",
      "xfer refused too",
    ]);
    expect([await balance(o), await balance(v)]).toEqual([10, 10]);
    const next = await runAs(o, v, "import api\nprint(api.call('get_self'))");
    expect(next.output).toBe(`${o.username}\n`);
  });

  it("argument errors caught in Python do not reach the bridge and do not count", async () => {
    const [o, v] = await Promise.all([newUser("badcalls-o"), newUser("badcalls-v")]);
    const code = `import api
for i in range(300):
    try: api.call('no_such_method')
    except api.ArgumentError: pass
print(api.call('get_visitor'))`;
    expect((await runAs(o, v, code)).output).toBe(`${v.username}\n`);
  });
});

describe("zoobars moved per run (the bank's caps, from profile code)", () => {
  it(`at most ${RUN_MAX_TRANSFERS} transfers per view; the next view may transfer again`, async () => {
    const [o, v] = await Promise.all([newUser("xfers-o"), newUser("xfers-v")]);
    await send(v, o, 10); // owner 20, visitor 0: the cap, not the balance, is what stops the 11th.
    const code = `import api
for i in range(${RUN_MAX_TRANSFERS + 2}):
    try:
        api.call('xfer', target=${JSON.stringify(v.username)}, zoobars=1)
        print('sent', i)
    except api.APIError as e:
        print('refused', i, e)`;
    const run = await runAs(o, v, code);
    const out = lines(run.output);
    expect(out.slice(0, RUN_MAX_TRANSFERS)).toEqual(Array.from({ length: RUN_MAX_TRANSFERS }, (_, i) => `sent ${i}`));
    expect(out[RUN_MAX_TRANSFERS]).toMatch(new RegExp(`^refused ${RUN_MAX_TRANSFERS} .*at most ${RUN_MAX_TRANSFERS} transfers and ${RUN_MAX_ZOOBARS} zoobars per view`));
    expect(out).toHaveLength(RUN_MAX_TRANSFERS + 2);
    expect([await balance(o), await balance(v)]).toEqual([20 - RUN_MAX_TRANSFERS, RUN_MAX_TRANSFERS]);
    const next = await runAs(o, v, `import api\napi.call('xfer', target=${JSON.stringify(v.username)}, zoobars=1)\nprint('sent')`);
    expect(next.output).toBe("sent\n");
  });

  it(`at most ${RUN_MAX_ZOOBARS} zoobars per view, in one transfer or several`, async () => {
    const o = await newUser("zoobars-o");
    const donors = await Promise.all(Array.from({ length: 10 }, (_, i) => newUser(`zoobars-d${i}`)));
    for (const d of donors) await send(d, o, 10);
    const v = donors[0]!;
    expect(await balance(o)).toBe(110);
    const code = `import api
for amount in [${RUN_MAX_ZOOBARS + 1}, 60, 41, 40, 1]:
    try:
        api.call('xfer', target=${JSON.stringify(v.username)}, zoobars=amount)
        print('sent', amount)
    except api.APIError as e:
        print('refused', amount)`;
    const run = await runAs(o, v, code);
    expect(lines(run.output)).toEqual([`refused ${RUN_MAX_ZOOBARS + 1}`, "sent 60", "refused 41", "sent 40", "refused 1"]);
    expect(await balance(o)).toBe(110 - RUN_MAX_ZOOBARS);
  });
});
