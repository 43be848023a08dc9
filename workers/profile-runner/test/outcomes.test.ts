// How runs end: normally, by an uncaught exception, by sys.exit, by a limit.
import { describe, expect, it } from "vitest";
import { newUser, runAs, sandboxStats, view } from "./support/app";

describe("exceptions", () => {
  it("the visitor sees the exception's type and message; the owner also sees the traceback, without the harness's frames", async () => {
    const [o, v] = await Promise.all([newUser("raise-o"), newUser("raise-v")]);
    const code = "print('partial')\ndef f():\n    raise KeyError('no such key')\nf()";
    const seen = await runAs(o, v, code);
    expect(seen).toEqual({ output: "partial\n", outcome: "exception", error: { type: "KeyError", message: "'no such key'" } });
    const own = await view(o, o);
    expect(own.error).toMatchObject({ type: "KeyError", message: "'no such key'" });
    const tb = own.error?.traceback ?? "";
    expect(tb).toMatch(/^Traceback \(most recent call last\):\n {2}File "<profile>", line 5, in <module>\n/);
    expect(tb).toContain('File "<profile>", line 4, in f\n    raise KeyError(\'no such key\')');
    expect(tb).toMatch(/KeyError: 'no such key'\n$/);
    expect(tb).not.toContain("<runner>");
  });

  it("a syntax error is an exception too, and the next view works", async () => {
    const [o, v] = await Promise.all([newUser("syntax-o"), newUser("syntax-v")]);
    const run = await runAs(o, v, "print('never'\n");
    expect(run.outcome).toBe("exception");
    expect(run.error?.type).toBe("SyntaxError");
    expect((await runAs(o, v, "print('fine')")).output).toBe("fine\n");
  });
});

describe("sys.exit", () => {
  it("sys.exit(), sys.exit(0) and sys.exit(None) end the run normally, keeping the output", async () => {
    const [o, v] = await Promise.all([newUser("exit-o"), newUser("exit-v")]);
    for (const call of ["sys.exit()", "sys.exit(0)", "sys.exit(None)", "raise SystemExit"]) {
      const run = await runAs(o, v, `import sys\nprint('before')\n${call}\nprint('after')`);
      expect(run, call).toEqual({ output: "before\n", outcome: "ok" });
    }
  });

  it("sys.exit(1) and sys.exit('message') are reported as SystemExit with the status as message", async () => {
    const [o, v] = await Promise.all([newUser("exitfail-o"), newUser("exitfail-v")]);
    expect(await runAs(o, v, "import sys\nprint('x')\nsys.exit(1)")).toEqual({
      output: "x\n",
      outcome: "exception",
      error: { type: "SystemExit", message: "1" },
    });
    expect((await runAs(o, v, "import sys\nsys.exit('bye now')")).error).toEqual({ type: "SystemExit", message: "bye now" });
  });
});

describe("limits", () => {
  it("while True: pass ends with a clear message; the next view of it and of another owner works", async () => {
    const [o, other, v] = await Promise.all([newUser("loop-o"), newUser("loop-other"), newUser("loop-v")]);
    const run = await runAs(o, v, "print('started')\nwhile True: pass");
    expect(run.outcome).toBe("limit");
    expect(run.output).toBe("started\n");
    expect(run.error?.message).toMatch(/ran too long.*CPU budget/);
    expect((await sandboxStats(o)).lastDiscard).toMatch(/CPU budget/);
    expect(await view(v, o)).toMatchObject({ outcome: "limit" });
    expect((await runAs(o, v, "print('back')")).output).toBe("back\n");
    expect((await runAs(other, v, "print('other owner fine')")).output).toBe("other owner fine\n");
  });

  it("catching the KeyboardInterrupt does not buy more time", async () => {
    const [o, v] = await Promise.all([newUser("catch-o"), newUser("catch-v")]);
    // Once tripped, every check interrupts again, so the handler's own loop is stopped too.
    const run = await runAs(o, v, "try:\n    while True: pass\nexcept KeyboardInterrupt:\n    while True: pass");
    expect(run.outcome).toBe("limit");
    expect(run.error?.type).toBe("LimitExceeded");
  });

  it("output is cut at 256 KiB with a visible note", async () => {
    const [o, v] = await Promise.all([newUser("big-o"), newUser("big-v")]);
    const run = await runAs(o, v, "import sys\nfor i in range(3000):\n    print('x' * 99)\nsys.stderr.write('end')");
    expect(run.outcome).toBe("ok");
    expect(run.output.startsWith("x".repeat(99) + "\n")).toBe(true);
    expect(run.output).toMatch(/\n\[output was cut: a profile may print at most 256 KiB\]\n$/);
    expect(run.output.length).toBeLessThan(256 * 1024 + 100);
  });

  it("stderr is captured with stdout, in order", async () => {
    const [o, v] = await Promise.all([newUser("stderr-o"), newUser("stderr-v")]);
    const run = await runAs(o, v, "import sys\nprint('out 1', flush=True)\nprint('err', file=sys.stderr, flush=True)\nprint('out 2')");
    expect(run.output).toBe("out 1\nerr\nout 2\n");
  });
});

describe("reach", () => {
  it("import js and pyodide_js fail, and there is no network", async () => {
    const [o, v] = await Promise.all([newUser("reach-o"), newUser("reach-v")]);
    const run = await runAs(
      o,
      v,
      `for name in ['js', 'pyodide_js']:
    try:
        __import__(name)
        print(name, 'IMPORTED')
    except ImportError:
        print(name, 'not importable')
import urllib.request
try:
    urllib.request.urlopen('http://example.com/')
    print('FETCHED')
except Exception as e:
    print('no network')`,
    );
    expect(run.output).toBe("js not importable\npyodide_js not importable\nno network\n");
  });

  it("asyncio callbacks left scheduled by a run never fire in a later run", async () => {
    const [o, v] = await Promise.all([newUser("async-o"), newUser("async-v")]);
    await runAs(o, v, "import asyncio\nloop = asyncio.get_event_loop()\nloop.call_later(0.05, print, 'LATE CALLBACK')\nloop.call_soon(print, 'SOON CALLBACK')\nprint('scheduled')");
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await runAs(o, v, "import api\napi.call('get_user_info', username=api.call('get_self'))\nprint('run')"));
    await new Promise((r) => setTimeout(r, 100));
    runs.push(await runAs(o, v, "print('run')"));
    expect(runs.map((r) => r.output)).toEqual(Array(4).fill("run\n"));
  });
});
