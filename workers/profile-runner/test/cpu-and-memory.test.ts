// The work meter and the memory cap (scripts/meter-wasm.mjs, src/pyodide/fuel-meter.ts):
// every way of computing forever ends as the CPU limit, work inside C
// included, nothing the profile does can buy more, and memory runs out as
// MemoryError. After each, the next views of that owner and of another work.
import { describe, expect, it } from "vitest";
import { sleep } from "./helpers";
import { balance, newUser, runAs, sandboxStats, setProfile, view, type TestUser } from "./support/app";

async function expectCpuLimit(code: string, owner?: TestUser) {
  const [o, v, other] = await Promise.all([owner ? Promise.resolve(owner) : newUser("cpu-o"), newUser("cpu-v"), newUser("cpu-other")]);
  const run = await runAs(o, v, `print('started')\n${code}`);
  expect(run.outcome).toBe("limit");
  expect(run.output).toBe("started\n");
  expect(run.error).toMatchObject({ type: "LimitExceeded", message: expect.stringMatching(/ran too long.*CPU budget/) });
  expect((await sandboxStats(o)).lastDiscard).toBe("CPU budget spent");
  expect((await runAs(o, v, "print('back')")).output).toBe("back\n");
  expect((await runAs(other, v, "print('other owner fine')")).output).toBe("other owner fine\n");
}

describe("CPU: work that never returns to the bytecode loop is bounded", () => {
  it("sum(range(10**13))", () => expectCpuLimit("sum(range(10**13))"));
  it("7 ** (10 ** 9)", () => expectCpuLimit("x = 7 ** (10 ** 9)"));
  it("a regular expression that backtracks forever", () => expectCpuLimit("import re\nre.match(r'(a+)+$', 'a' * 40 + 'b')"));
  it("sorting a huge list with a C comparison", () => expectCpuLimit("l = list(range(10**6, 0, -1))\nfor _ in range(10**6): l.sort(); l.reverse()"));
});

describe("CPU: nothing the profile does buys more time", () => {
  it("catching BaseException around the loop, and looping again in the handler", () =>
    expectCpuLimit("while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass"));
  it("ignoring SIGINT", () => expectCpuLimit("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: pass"));
  it("sys.settrace and sys.setprofile hooks that swallow everything", () =>
    expectCpuLimit("import sys\nsys.settrace(lambda *a: None)\nsys.setprofile(lambda *a: None)\nwhile True: pass"));
  it("a finally block that loops", () => expectCpuLimit("try:\n    while True: pass\nfinally:\n    while True: pass"));
  it("a __del__ that loops, run while the run is being cleaned up", () =>
    expectCpuLimit("class Spin:\n    def __del__(self):\n        while True: pass\nkeep = Spin()\nwhile True: pass"));
  it("an asyncio task that spins, scheduled before the main code spins", () =>
    expectCpuLimit("import asyncio\nasync def spin():\n    while True: pass\nasyncio.ensure_future(spin())\nwhile True: pass"));
  it("a generator driven forever by a C function", () => expectCpuLimit("import itertools\nfor _ in itertools.count(): pass"));
  it("a loop inside exec() of compiled code", () => expectCpuLimit("exec(compile('while True: pass', 'x', 'exec'))"));
});

describe("CPU: the budget is deterministic and per run", () => {
  it("the same program spends the same units each time, in a fresh and in a reused interpreter", async () => {
    const [o, v] = await Promise.all([newUser("units-o"), newUser("units-v")]);
    await setProfile(o, "#!python\nx = 0\nfor i in range(100_000): x += i\nprint(x)");
    const units: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect((await view(v, o)).output).toBe("4999950000\n");
      units.push((await sandboxStats(o)).lastRunUnits!);
    }
    expect(units[0]).toBeGreaterThan(100_000);
    // Warm reruns agree closely (what the collector happens to free varies a little).
    expect(Math.abs(units[2] - units[1]) / units[1]).toBeLessThan(0.01);
    expect((await sandboxStats(o)).reuses).toBeGreaterThanOrEqual(2);
  });

  it("a profile that just spent its whole budget runs on a tenth of it next time, until its text changes", async () => {
    const [o, v] = await Promise.all([newUser("penalty-o"), newUser("penalty-v")]);
    await setProfile(o, "#!python\nwhile True: pass");
    const first = await view(v, o);
    const fullUnits = (await sandboxStats(o)).lastRunUnits!;
    // Straight away: not run at all (a cool-down), so no interpreter is booted for it.
    const boots = (await sandboxStats(o)).boots;
    const cooling = await view(v, o);
    expect(cooling).toMatchObject({ outcome: "limit", output: "", error: { type: "LimitExceeded", message: expect.stringMatching(/not run again yet/) } });
    expect((await sandboxStats(o)).boots).toBe(boots);
    await sleep(3_100); // past the cool-down (CPU_PENALTY_COOLDOWN_MS), still within the minute
    const second = await view(v, o);
    const reducedUnits = (await sandboxStats(o)).lastRunUnits!;
    expect(first.error?.message).not.toMatch(/tenth/);
    expect(second).toMatchObject({ outcome: "limit", error: { type: "LimitExceeded", message: expect.stringMatching(/about 0.1 s.*tenth of the usual budget/) } });
    expect(reducedUnits).toBeLessThan(fullUnits / 5);
    // New text: the full budget again (this one finishes well within it).
    expect(await runAs(o, v, "x = 0\nfor i in range(1_000_000): x += 1\nprint('full budget')")).toMatchObject({ outcome: "ok", output: "full budget\n" });
  });

  it("a run that nearly spends its budget does not leave the next run less", async () => {
    const [o, v] = await Promise.all([newUser("near-o"), newUser("near-v")]);
    // About a third of the default budget, three times in a row.
    const code = "x = 0\nfor i in range(1_500_000): x += 1\nprint('done')";
    for (let i = 0; i < 3; i++) expect(await runAs(o, v, code)).toMatchObject({ outcome: "ok", output: "done\n" });
  });
});

describe("CPU: a busy run gives the thread away", () => {
  it("while one owner's profile spins, the bank answers and another owner's profile runs to the end", async () => {
    const [spinner, quick, v] = await Promise.all([newUser("turn-spin"), newUser("turn-quick"), newUser("turn-v")]);
    // The spinner announces that it is running by paying the quick owner 1 zoobar.
    await setProfile(spinner, `#!python\nimport api\napi.call('xfer', target=${JSON.stringify(quick.username)}, zoobars=1)\nwhile True: pass`);
    await setProfile(quick, "#!python\nprint('quick')");
    expect((await view(v, quick)).output).toBe("quick\n");
    const order: string[] = [];
    const spinning = view(v, spinner).then((run) => (order.push("spinner"), run));
    while ((await balance(quick)) === 10 && order.length === 0) await sleep(20);
    expect(order).toEqual([]); // the spinner is spinning now, and the bank still answered
    expect((await view(v, quick)).output).toBe("quick\n");
    order.push("quick");
    expect((await spinning).outcome).toBe("limit");
    expect(order).toEqual(["quick", "spinner"]);
  });
});

describe("memory", () => {
  it("one huge allocation is a MemoryError the profile can catch, and the run goes on", async () => {
    const [o, v] = await Promise.all([newUser("mem-o"), newUser("mem-v")]);
    const run = await runAs(o, v, "try:\n    b = bytearray(1024 * 1024 * 1024)\nexcept MemoryError:\n    print('MemoryError')\nprint('after')");
    expect(run).toMatchObject({ outcome: "ok", output: "MemoryError\nafter\n" });
  });

  it("growing without bound ends as MemoryError; the next views work", async () => {
    const [o, v, other] = await Promise.all([newUser("grow-o"), newUser("grow-v"), newUser("grow-other")]);
    const run = await runAs(o, v, "chunks = []\nwhile True:\n    chunks.append(bytearray(8 * 1024 * 1024))");
    expect(run.outcome).toBe("exception");
    expect(run.error?.type).toBe("MemoryError");
    // An interpreter that grew this large is not kept for the next run.
    expect((await sandboxStats(o)).lastDiscard).toMatch(/memory/);
    expect((await runAs(o, v, "print('back')")).output).toBe("back\n");
    expect((await runAs(other, v, "print('fine')")).output).toBe("fine\n");
  });

  it("many small objects end as MemoryError or the CPU limit, never a dead worker", async () => {
    const [o, v] = await Promise.all([newUser("small-o"), newUser("small-v")]);
    const run = await runAs(o, v, "l = []\nwhile True:\n    l.append([0] * 1000)");
    expect(["exception", "limit"]).toContain(run.outcome);
    if (run.outcome === "exception") expect(run.error?.type).toBe("MemoryError");
    expect((await runAs(o, v, "print('back')")).output).toBe("back\n");
  });
});
