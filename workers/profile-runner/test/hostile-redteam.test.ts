// Red-team cases (issue 4) against the metered interpreter: work whose cost
// the fuel meter does not see (bulk copies inside wasm, copies and allocations
// done by Emscripten's JavaScript file system), host memory grown outside the
// 256 MiB wasm cap, and the api bridge doing unbounded JavaScript work.
// Each asserts the containment a secure runner gives; none uses a clock.
import { describe, expect, it } from "vitest";
import { newUser, runAs, sandboxStats, setProfile, view } from "./support/app";

const MiB = 2 ** 20;

/**
 * The rate the meter must at least charge for moving memory: one unit per 64
 * bytes. At that rate the default budget (300M units) buys about 19 GB of
 * copying, a few seconds here; today a copy costs one unit whatever its length.
 */
const BYTES_PER_UNIT = 64;

async function unitsOf(code: string): Promise<number> {
  const [o, v] = await Promise.all([newUser("rt-units-o"), newUser("rt-units-v")]);
  const run = await runAs(o, v, `${code}\nprint('done')`);
  expect(run).toMatchObject({ outcome: "ok", output: "done\n" });
  return (await sandboxStats(o)).lastRunUnits!;
}

describe("red team: moving memory is paid for by the byte", () => {
  it("copying a 64 MiB bytes object 40 times (bulk memory.copy inside wasm)", async () => {
    const units = await unitsOf("b = b'a' * (64 * 2**20)\nfor i in range(40): c = b + b'x'; del c");
    expect(units).toBeGreaterThanOrEqual((40 * 64 * MiB) / BYTES_PER_UNIT);
  });

  it("allocating a zeroed 64 MiB bytearray 40 times (bulk memory.fill inside wasm)", async () => {
    const units = await unitsOf("for i in range(40): c = bytearray(64 * 2**20); del c");
    expect(units).toBeGreaterThanOrEqual((40 * 64 * MiB) / BYTES_PER_UNIT);
  });

  // 16 MiB: a 64 MiB scratch file is refused outright now (SCRATCH_MAX_BYTES is 32 MiB).
  it("rewriting 16 MiB of a scratch file 40 times (Emscripten's JavaScript MEMFS copies it)", async () => {
    const units = await unitsOf("import os\nfd = os.open('/tmp/x', os.O_RDWR | os.O_CREAT)\nb = b'a' * (16 * 2**20)\nfor i in range(40): os.pwrite(fd, b, 0)");
    expect(units).toBeGreaterThanOrEqual((40 * 16 * MiB) / BYTES_PER_UNIT);
  });

  it("a copy loop that would run for minutes ends as the CPU limit, and another owner's view still runs", async () => {
    const [spinner, quick, v] = await Promise.all([newUser("rt-copy-spin"), newUser("rt-copy-quick"), newUser("rt-copy-v")]);
    // 1,000 copies of 64 MiB: about 64 GB, some 15 s of memcpy here, for ~250k units today.
    await setProfile(spinner, "#!python\nprint('started')\nb = b'a' * (64 * 2**20)\nfor i in range(1000): c = b + b'x'; del c\nprint('finished')");
    await setProfile(quick, "#!python\nprint('quick')");
    expect((await view(v, quick)).output).toBe("quick\n");
    const order: string[] = [];
    const spinning = view(v, spinner).then((run) => (order.push("spinner"), run));
    const quickRun = view(v, quick).then((run) => (order.push("quick"), run));
    expect((await quickRun).output).toBe("quick\n");
    const run = await spinning;
    expect(run).toMatchObject({ outcome: "limit", output: "started\n", error: { type: "LimitExceeded", message: expect.stringMatching(/CPU budget/) } });
    // Both finished. Which first is not asserted: each 64 MiB copy is one
    // stretch inside C, which cannot give the thread away (SECURITY.md), so
    // the quick view may wait for up to the copier's whole (now ~1 s) budget.
    expect(order.sort()).toEqual(["quick", "spinner"]);
  }, 120_000);

  it("resolving a long symlink chain in a loop (JavaScript path walking) ends as the CPU limit, not the wall-time limit", async () => {
    const [o, v] = await Promise.all([newUser("rt-link-o"), newUser("rt-link-v")]);
    const code = [
      "import os",
      "os.makedirs('/tmp/d', exist_ok=True)",
      "prev = '/tmp/d/' + 'x' * 200",
      "open(prev, 'w').close()",
      "for i in range(38):",
      "    p = f'/tmp/d/l{i}' + 'y' * 200",
      "    os.symlink(prev, p)",
      "    prev = p",
      "while True: os.stat(prev)",
    ].join("\n");
    const run = await runAs(o, v, code);
    expect(run).toMatchObject({ outcome: "limit", error: { type: "LimitExceeded", message: expect.stringMatching(/CPU budget/) } });
  });
});

describe("red team: no host memory outside the wasm cap", () => {
  // Emscripten's MEMFS keeps file contents in JavaScript typed arrays, outside
  // the interpreter's 256 MiB of wasm memory.
  it("truncating scratch files up to 1 GiB each is refused with OSError; the next views work", async () => {
    const [o, v, other] = await Promise.all([newUser("rt-trunc-o"), newUser("rt-trunc-v"), newUser("rt-trunc-other")]);
    const code = [
      "import errno, os",
      "for i in range(3):",
      "    fd = os.open(f'/tmp/t{i}', os.O_RDWR | os.O_CREAT)",
      "    try:",
      "        os.ftruncate(fd, 2**30)",
      "    except OSError as e:",
      "        print('refused', errno.errorcode[e.errno])",
      "        break",
      "else:",
      "    print('grew', os.stat('/tmp/t0').st_size)",
    ].join("\n");
    const run = await runAs(o, v, code);
    expect(run.outcome).toBe("ok");
    expect(run.output).toMatch(/^refused (ENOSPC|EFBIG|EDQUOT)\n$/);
    expect((await runAs(o, v, "print('back')")).output).toBe("back\n");
    expect((await runAs(other, v, "print('fine')")).output).toBe("fine\n");
  });

  it("truncating a /data file to 256 MiB is refused with OSError (one file is at most 1 MiB)", async () => {
    const [o, v] = await Promise.all([newUser("rt-dtrunc-o"), newUser("rt-dtrunc-v")]);
    const code = "import errno, os\nfd = os.open('/data/big', os.O_RDWR | os.O_CREAT)\ntry:\n    os.ftruncate(fd, 256 * 2**20)\n    print('grew', os.stat('/data/big').st_size)\nexcept OSError as e:\n    print('refused', errno.errorcode[e.errno])";
    const run = await runAs(o, v, code);
    expect(run.output).toMatch(/^refused (ENOSPC|EFBIG|EDQUOT)\n$/);
  });

  it("writing 1 GiB of scratch files (4x the wasm cap) fails with OSError before 256 MiB are held", async () => {
    const [o, v] = await Promise.all([newUser("rt-scratch-o"), newUser("rt-scratch-v")]);
    const code = [
      "import errno, os",
      "b = b'a' * (128 * 2**20)",
      "held = 0",
      "try:",
      "    for i in range(8):",
      "        with open(f'/tmp/f{i}', 'wb') as f:",
      "            held += f.write(b)",
      "    print('held', held)",
      "except OSError as e:",
      "    print('refused', errno.errorcode[e.errno], held <= 256 * 2**20)",
    ].join("\n");
    const run = await runAs(o, v, code);
    expect(run.output).toMatch(/^refused (ENOSPC|EFBIG|EDQUOT) True\n$/);
  });
});

describe("red team: the api bridge does bounded work per run", () => {
  it("a 32 MiB username is refused at once as an argument error, not after seconds of JavaScript work", async () => {
    const [o, v] = await Promise.all([newUser("rt-bigname-o"), newUser("rt-bigname-v")]);
    const code = [
      "import api",
      "s = 'a' * (32 * 2**20)",
      "for method, kw in (('get_user_info', 'username'), ('get_xfers', 'username'), ('xfer', 'target')):",
      "    args = {kw: s, 'zoobars': 1} if method == 'xfer' else {kw: s}",
      "    try:",
      "        api.call(method, **args)",
      "        print(method, 'answered')",
      "    except api.APIError as e:",
      "        print(method, 'refused')",
    ].join("\n");
    const run = await runAs(o, v, code);
    expect(run).toMatchObject({ outcome: "ok", output: "get_user_info refused\nget_xfers refused\nxfer refused\n" });
  });

  it("the bridge itself, reached past api.call's checks, refuses a 32 MiB request without parsing it", async () => {
    const [o, v] = await Promise.all([newUser("rt-rawbig-o"), newUser("rt-rawbig-v")]);
    const code = [
      "import api, json",
      "from pyodide.ffi import run_sync",
      "bridge = next(c.cell_contents for c in api.call.__closure__ if type(c.cell_contents).__name__.startswith('Js'))",
      "request = json.dumps({'name': 'get_user_info', 'args': {'username': 'a' * (32 * 2**20)}})",
      "for i in range(5):",
      "    reply = json.loads(run_sync(bridge(request)))",
      "print(reply['ok'], 'too large' in reply['error'])",
    ].join("\n");
    const run = await runAs(o, v, code);
    expect(run).toMatchObject({ outcome: "ok", output: "False True\n" });
  });

  it("a run may make at most 200 api calls (SECURITY.md), also through the bridge directly", async () => {
    const [o, v] = await Promise.all([newUser("rt-calls-o"), newUser("rt-calls-v")]);
    const code = [
      "import api, json",
      "from pyodide.ffi import run_sync",
      "n = 0",
      "try:",
      "    for i in range(300):",
      "        api.call('get_self')",
      "        n += 1",
      "except api.APIError as e:",
      "    print('stopped after', n)",
      "bridge = next(c.cell_contents for c in api.call.__closure__ if type(c.cell_contents).__name__.startswith('Js'))",
      "print(json.loads(run_sync(bridge(json.dumps({'name': 'get_self', 'args': {}}))))['ok'])",
    ].join("\n");
    const run = await runAs(o, v, code);
    expect(run).toMatchObject({ outcome: "ok", output: "stopped after 200\nFalse\n" });
  });
});
