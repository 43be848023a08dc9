// Isolate-wide turn-taking for long Python runs. Every run of every owner in
// this isolate shares one thread with the rest of the app (under wrangler dev,
// with every worker), so a run that keeps computing gives the thread away every
// SLICE_UNITS of work (fuel-meter.ts suspends it between bytecodes through
// JSPI) and continues only when no run that has spent less is also waiting:
// quick profiles go first, spinning ones get what is left over.
//
// Each waiter sleeps on its own timer rather than being woken by another run,
// because a promise of one Durable Object's request must not be settled from
// another's.

/** Units of work between turns: about 5 ms of Python on this machine. */
export const SLICE_UNITS = 1_500_000;

interface Waiter {
  spent: number;
}

const waiting = new Set<Waiter>();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function lighterWaiter(me: Waiter): boolean {
  for (const other of waiting) if (other !== me && other.spent < me.spent) return true;
  return false;
}

/**
 * Gives the thread away; resolves when the caller (having spent `spent`
 * units in its run) may continue. `abandoned()` true means the run was
 * stopped meanwhile: the promise then never settles, so its stack never resumes.
 */
export async function takeTurn(spent: number, abandoned: () => boolean): Promise<void> {
  const me: Waiter = { spent };
  waiting.add(me);
  try {
    await sleep(0);
    while (!abandoned() && lighterWaiter(me)) await sleep(1);
  } finally {
    waiting.delete(me);
  }
  if (abandoned()) await new Promise<never>(() => {});
}

/** Runs waiting for a turn right now (for tests). */
export function waitingRuns(): number {
  return waiting.size;
}
