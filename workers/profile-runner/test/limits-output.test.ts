// The output cap (OUTPUT_MAX_BYTES, 256 KiB) with its visible note, also when
// the run then ends by a limit or an error. (The plain case is in outcomes.test.ts.)
import { expect, it } from "vitest";
import { newUser, runAs } from "./support/app";

const NOTE = "\n[output was cut: a profile may print at most 256 KiB]\n";

it("the note shows when a run that printed too much then raises, or hits the CPU limit", async () => {
  const [o, v] = await Promise.all([newUser("cutraise-o"), newUser("cutraise-v")]);
  const raised = await runAs(o, v, "import sys\nsys.stdout.write('y' * 300000)\nraise ValueError('after')");
  expect(raised.outcome).toBe("exception");
  expect(raised.output).toBe("y".repeat(256 * 1024) + NOTE);
  const limited = await runAs(o, v, "print('z' * 300000)\nwhile True: pass");
  expect(limited.outcome).toBe("limit");
  expect(limited.output).toBe("z".repeat(256 * 1024) + NOTE);
});
