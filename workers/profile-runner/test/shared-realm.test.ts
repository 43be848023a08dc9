// Every owner's interpreter shares the isolate's JavaScript built-ins. Profile
// code can reach some JavaScript objects; none of that may let one owner leave
// something for another owner's run, break interpreter boots, or hook another run.
import { describe, expect, it } from "vitest";
import { newUser, runAs, sandboxStats } from "./support/app";

// Reaches Object and Function through a JavaScript object the code makes itself.
const REACH = "from pyodide.ffi import to_js\nO = to_js({}).constructor\nFP = O.constructor.prototype\n";

describe("the shared JavaScript realm", () => {
  it("refuses changes to shared prototypes, so nothing crosses to another owner and boots keep working", async () => {
    const [alice, bob, carol, viewer] = await Promise.all([newUser("realm-a"), newUser("realm-b"), newUser("realm-c"), newUser("realm-v")]);
    const plant = await runAs(
      alice,
      viewer,
      REACH +
        [
          "for target, name in [(O.prototype, 'zz_marker'), (FP, 'zz_loot'), (O, 'zz_static')]:",
          "    try:",
          "        setattr(target, name, 'set by alice')",
          "        print('PLANTED', name)",
          "    except Exception as e:",
          "        print('refused', name, type(e).__name__)",
          "try:",
          "    O.defineProperty(FP, 'then', O.fromEntries([['get', O]]))",
          "    print('PLANTED then')",
          "except Exception as e:",
          "    print('refused then', type(e).__name__)",
        ].join("\n"),
    );
    expect(plant.output).not.toContain("PLANTED");
    expect(plant.output.match(/refused/g)).toHaveLength(4);

    // Bob's interpreter boots after Alice's attempt and sees nothing of it.
    const seen = await runAs(bob, viewer, REACH + "print('marker', getattr(to_js({}), 'zz_marker', None), getattr(FP, 'zz_loot', None))");
    expect(seen).toMatchObject({ outcome: "ok", output: "marker None None\n" });
    expect((await sandboxStats(bob)).boots).toBeGreaterThan(0);
    // And an ordinary profile still runs for a third owner.
    expect((await runAs(carol, viewer, "print('fine')")).output).toBe("fine\n");
  });

  it("allows no Error.prepareStackTrace hook, which would see other runs' stack frames", async () => {
    const [owner, viewer] = await Promise.all([newUser("realm-err"), newUser("realm-errv")]);
    const run = await runAs(
      owner,
      viewer,
      REACH +
        [
          "try:",
          "    O.defineProperty(FP, 'zz', O.fromEntries([]))",
          "except Exception as e:",
          "    E = O.getPrototypeOf(e.js_error.constructor)",
          "print('reached', E.name)",
          "for name in ['prepareStackTrace', 'captureStackTrace']:",
          "    try:",
          "        setattr(E, name, getattr(E, name, None))",
          "        print('SET', name)",
          "    except Exception as e:",
          "        print('refused', name)",
        ].join("\n"),
    );
    // The test pool itself installs Error.prepareStackTrace, so here it stays writable; under wrangler dev
    // Error has none of its own and the sealed constructor refuses a new one.
    const poolOwnsHook = Object.hasOwn(Error, "prepareStackTrace");
    expect(run.output).toBe(
      `reached Error\n${poolOwnsHook ? "SET" : "refused"} prepareStackTrace\nrefused captureStackTrace\n`,
    );
  });

  it("lets code give its own JavaScript objects properties without touching the prototypes", async () => {
    const [owner, viewer] = await Promise.all([newUser("realm-own"), newUser("realm-ownv")]);
    const run = await runAs(
      owner,
      viewer,
      REACH + "mine = O.fromEntries([])\nmine.toString = 'own'\nprint(mine.toString, O.prototype.toString == mine.toString)",
    );
    expect(run).toMatchObject({ outcome: "ok", output: "own False\n" });
  });
});
