// The hostile profiles of the hostile-load benchmark, one owner each. Every one
// prints a marker first, so a normal page that ever shows "hostile:" has been
// given another owner's output.
//
// Each case names the limit that contains it (`limit`); every group is in by
// default now that the runner has all of them. A flag set to 0 leaves a group
// out (for example to compare against a runner without that limit):
//   "cpu"       the CPU budget (work meter)
//   "output"    the output cap
//   "outer-cpu" work inside C, bounded by the same meter     BENCH_HOSTILE_C=0
//   "memory"    the 256 MiB wasm memory cap                   BENCH_HOSTILE_MEM=0
//   "data"      the /data quota                               BENCH_HOSTILE_DATA=0
export const INCLUDED_BY_DEFAULT = new Set(["cpu", "output", "outer-cpu", "memory", "data"]);

/** The env flag that includes (1) or leaves out (0) each group not always in. */
const GROUP_FLAGS = { "outer-cpu": "BENCH_HOSTILE_C", memory: "BENCH_HOSTILE_MEM", data: "BENCH_HOSTILE_DATA" };

const program = (kind, lines) => ["#!python", `print('hostile:${kind}')`, ...lines].join("\n");

export const HOSTILE_PROFILES = [
  { kind: "py-loop", limit: "cpu", text: program("py-loop", ["n = 0", "while True:", "    n += 1"]) },
  {
    // Catches the CPU limit's KeyboardInterrupt (and anything else) and loops on.
    kind: "catch-loop",
    limit: "cpu",
    text: program("catch-loop", ["while True:", "    try:", "        while True:", "            pass", "    except BaseException:", "        pass"]),
  },
  { kind: "c-sum", limit: "outer-cpu", text: program("c-sum", ["print(sum(range(10 ** 13)))"]) },
  { kind: "c-pow", limit: "outer-cpu", text: program("c-pow", ["x = 7 ** (10 ** 9)", "print(x.bit_length())"]) },
  { kind: "regex", limit: "outer-cpu", text: program("regex", ["import re", "print(re.match(r'(a+)+$', 'a' * 64 + 'b'))"]) },
  {
    kind: "memory-bomb",
    limit: "memory",
    text: program("memory-bomb", ["hoard = []", "while True:", "    hoard.append('x' * (16 << 20))", "    hoard.append(bytearray(16 << 20))"]),
  },
  { kind: "output-bomb", limit: "output", text: program("output-bomb", ["line = 'A' * 8191", "while True:", "    print(line)"]) },
  {
    kind: "data-bomb",
    limit: "data",
    text: program("data-bomb", [
      "chunk = b'z' * (1 << 20)",
      "i = 0",
      "while True:",
      "    with open('/data/bomb-%d' % i, 'wb') as f:",
      "        f.write(chunk)",
      "    i += 1",
    ]),
  },
];

/** Which limit groups this run includes: the defaults, changed by the flags in GROUP_FLAGS. */
function includedGroups(env) {
  const groups = new Set(INCLUDED_BY_DEFAULT);
  for (const [group, flag] of Object.entries(GROUP_FLAGS)) {
    const value = env[flag];
    if (value === undefined || value === "") continue;
    if (value !== "0" && value !== "1") throw new Error(`${flag} must be 0 or 1, not ${JSON.stringify(value)}`);
    if (value === "1") groups.add(group);
    else groups.delete(group);
  }
  return groups;
}

/**
 * The hostile profiles this run uses. BENCH_HOSTILE_ONLY (comma-separated kinds)
 * picks exact cases and overrides the group flags.
 */
export function selectHostileProfiles(env = process.env) {
  const groups = includedGroups(env);
  let chosen = HOSTILE_PROFILES.filter((p) => groups.has(p.limit));
  if (env.BENCH_HOSTILE_ONLY) {
    const wanted = env.BENCH_HOSTILE_ONLY.split(",").map((s) => s.trim()).filter(Boolean);
    const unknown = wanted.filter((k) => !HOSTILE_PROFILES.some((p) => p.kind === k));
    if (unknown.length) throw new Error(`BENCH_HOSTILE_ONLY: unknown kind(s) ${unknown.join(", ")}; known: ${HOSTILE_PROFILES.map((p) => p.kind).join(", ")}`);
    chosen = HOSTILE_PROFILES.filter((p) => wanted.includes(p.kind));
  }
  const left = HOSTILE_PROFILES.filter((p) => !chosen.includes(p)).map((p) => ({ kind: p.kind, flag: GROUP_FLAGS[p.limit] }));
  return { chosen, left, groups: [...groups] };
}
