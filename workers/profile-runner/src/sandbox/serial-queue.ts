// Runs tasks one after another. A Durable Object's input gate does not hold
// other requests back while a run awaits an RPC, so without this two views of
// one profile would interleave and lose /data updates.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The next task waits for this one to settle, whichever way.
    this.tail = result.catch(() => {});
    return result;
  }
}
