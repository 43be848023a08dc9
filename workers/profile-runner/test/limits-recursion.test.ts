// Deep recursion. Plain Python recursion ends as RecursionError: the harness
// caps sys.setrecursionlimit at 4000 (deeper, the JavaScript stack under the
// interpreter overflows). Recursion inside C (repr, json, pickle, the compiler,
// freeing a deeply nested list) is not bounded by CPython here, because it
// checks the wasm stack, which those paths barely use: such a run ends as a
// clean "interpreter stopped" and its interpreter is discarded. Either way the
// next run of that owner, and of any other owner, works normally.
import { describe, expect, it } from "vitest";
import { newUser, runAs, sandboxStats, type TestUser } from "./support/app";

async function expectNextRunsWork(owner: TestUser, other: TestUser, visitor: TestUser) {
  expect(await runAs(owner, visitor, "print('same owner ok')")).toEqual({ output: "same owner ok\n", outcome: "ok" });
  expect(await runAs(other, visitor, "print('other owner ok')")).toEqual({ output: "other owner ok\n", outcome: "ok" });
}

describe("Python recursion", () => {
  it("sys.setrecursionlimit(10**6) is capped, and infinite recursion ends as RecursionError", async () => {
    const [o, other, v] = await Promise.all([newUser("rec-o"), newUser("rec-other"), newUser("rec-v")]);
    await runAs(other, v, "print('warm')");
    const code = `import sys
sys.setrecursionlimit(10**6)
print(sys.getrecursionlimit())
def f(n): return f(n + 1)
try:
    f(0)
except RecursionError as e:
    print('caught', e)
def g(n): return g(n + 1)
g(0)`;
    const run = await runAs(o, v, code);
    expect(run.output).toBe("4000\ncaught maximum recursion depth exceeded\n");
    expect(run.outcome).toBe("exception");
    expect(run.error).toMatchObject({ type: "RecursionError" });
    // The changed limit marks the interpreter dirty: the next run gets a fresh one at 1000.
    expect((await sandboxStats(o)).lastDiscard).toMatch(/recursion limit changed/);
    expect((await runAs(o, v, "import sys\nprint(sys.getrecursionlimit())")).output).toBe("1000\n");
    await expectNextRunsWork(o, other, v);
    expect(await sandboxStats(other)).toMatchObject({ boots: 1, reuses: 1 });
  });

  it("the cap keeps setrecursionlimit's errors", async () => {
    const [o, v] = await Promise.all([newUser("recargs-o"), newUser("recargs-v")]);
    const code = `import sys
for bad in [0, -5, 2.5, 'x']:
    try:
        sys.setrecursionlimit(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__)
sys.setrecursionlimit(1500)
print(sys.getrecursionlimit(), sys.setrecursionlimit.__name__)`;
    expect((await runAs(o, v, code)).output).toBe("ValueError\nValueError\nTypeError\nTypeError\n1500 setrecursionlimit\n");
  });
});

describe("recursion the cap does not bound", () => {
  const cases: Record<string, string> = {
    "repr of a nested list": "l = []\nfor i in range(200000): l = [l]\nprint(len(repr(l)))",
    "json.dumps": "import json\nl = []\nfor i in range(200000): l = [l]\nprint(len(json.dumps(l)))",
    pickle: "import pickle\nl = []\nfor i in range(200000): l = [l]\nprint(len(pickle.dumps(l)))",
    "compiling a deep expression": "print(eval('1' + '+1' * 200000))",
    "freeing a nested list": "l = []\nfor i in range(100000): l = [l]\ndel l\nprint('freed')",
    "recursion through __getattr__": "class A:\n    def __getattr__(self, name): return getattr(self, name)\nA().x",
    "the original setrecursionlimit, from the cap's closure":
      "import sys\nassert not sys.setrecursionlimit.__globals__\n" +
      "original = next(c.cell_contents for c in sys.setrecursionlimit.__closure__ if getattr(c.cell_contents, '__name__', '') == 'setrecursionlimit')\n" +
      "original(10**6)\ndef f(n): return f(n + 1)\nf(0)",
  };

  for (const [name, code] of Object.entries(cases)) {
    it(`${name}: RecursionError/MemoryError, or a clean stop that discards the interpreter; later runs work`, async () => {
      const [o, other, v] = await Promise.all([newUser("crec-o"), newUser("crec-other"), newUser("crec-v")]);
      await runAs(other, v, "print('warm')");
      const run = await runAs(o, v, code);
      expect(run.outcome).toBe("exception");
      const type = run.error?.type;
      expect(["RecursionError", "MemoryError", "InterpreterError"]).toContain(type);
      if (type === "InterpreterError") {
        expect(run.error?.message).toBe("The Python interpreter stopped unexpectedly.");
        expect((await sandboxStats(o)).lastDiscard).toBe("interpreter failed");
      }
      await expectNextRunsWork(o, other, v);
      // The other owner's interpreter was never touched: still the one it booted.
      expect(await sandboxStats(other)).toMatchObject({ boots: 1, reuses: 1 });
    });
  }
});
