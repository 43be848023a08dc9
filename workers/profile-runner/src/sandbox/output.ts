// One run's stdout and stderr, interleaved as written, cut at a byte cap with
// a visible note. A sink is closed when its run ends, so anything a stale
// callback prints later goes nowhere.

export class OutputSink {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private cut = false;
  private open = true;

  constructor(private readonly maxBytes: number) {}

  /** Pyodide's raw Writer: returns how many bytes it took (all of them, always). */
  write(buffer: Uint8Array): number {
    if (!this.open) return buffer.length;
    const room = this.maxBytes - this.bytes;
    if (buffer.length > room) {
      if (room > 0) this.chunks.push(buffer.slice(0, room));
      this.bytes = this.maxBytes;
      this.cut = true;
    } else {
      this.chunks.push(buffer.slice());
      this.bytes += buffer.length;
    }
    return buffer.length;
  }

  close(): void {
    this.open = false;
  }

  text(): string {
    const all = new Uint8Array(this.bytes);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    const text = new TextDecoder().decode(all);
    if (!this.cut) return text;
    return `${text}\n[output was cut: a profile may print at most ${Math.floor(this.maxBytes / 1024)} KiB]\n`;
  }
}
