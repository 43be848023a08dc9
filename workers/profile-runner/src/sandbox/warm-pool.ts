// Isolate-wide cap on interpreters kept warm between runs. Every Durable
// Object of this class shares the isolate, and each warm interpreter holds
// some 40 MiB of wasm memory, so the least recently used ones are dropped (and
// boot again from the snapshot when their owner's profile is next viewed).

const warm = new Map<object, () => void>();

/** Marks `holder`'s interpreter as idle and warm; `drop` is called if it is evicted. */
export function keepWarm(holder: object, drop: () => void, max: number): void {
  warm.delete(holder);
  warm.set(holder, drop);
  for (const [oldest, dropOldest] of warm) {
    if (warm.size <= max) break;
    warm.delete(oldest);
    dropOldest();
  }
}

/** `holder` takes its interpreter back for a run (or gave it up): it is no longer evictable. */
export function takeWarm(holder: object): void {
  warm.delete(holder);
}

export function warmCount(): number {
  return warm.size;
}
