/**
 * Buffered line output. Lines are encoded straight into a 1 MiB buffer (no joined intermediate
 * strings: flattening millions of concatenated strings at once was the generator's biggest cost), and
 * a full buffer is written while the next one fills, with at most one write in flight. The caller
 * awaits `flush()` when the writer is `full`, which also gives the event loop a turn (the
 * progress bar's timer needs it).
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { LineSink } from './chunks.js';

export const CHUNK = 1 << 20;

export class LineWriter implements LineSink {
  lines = 0;
  bytes = 0;
  private buf: Buffer = Buffer.allocUnsafe(CHUNK);
  private spare: Buffer | undefined = Buffer.allocUnsafe(CHUNK);
  private offset = 0;
  private pending: Promise<unknown> | undefined;
  /** Writes queued and not yet done, oldest first. */
  private readonly queued: Promise<unknown>[] = [];

  private constructor(private readonly fh: FileHandle) {}

  static async create(path: string): Promise<LineWriter> {
    return new LineWriter(await open(path, 'w'));
  }

  /** True when the buffer is nearly full and the caller should `await flush()`. */
  get full(): boolean {
    return this.offset >= CHUNK - 64 * 1024;
  }

  /** Adds text (whole lines); answers its UTF-8 bytes. */
  write(text: string, lines = 1): number {
    // At most 3 bytes of UTF-8 per UTF-16 code unit.
    if (this.offset + text.length * 3 > this.buf.length) {
      if (text.length * 3 > CHUNK) {
        // A line too big for any buffer (a very long article): keep it as its own chunk.
        this.queueCopy();
        const big = Buffer.from(text, 'utf8');
        this.enqueue(big);
        this.lines += lines;
        return big.length;
      }
      this.queueCopy();
    }
    const n = this.buf.write(text, this.offset, 'utf8');
    this.offset += n;
    this.lines += lines;
    return n;
  }

  /** Hands the filled part of the buffer to the disk, keeping the last write chained behind it. */
  private queueCopy(): void {
    if (this.offset === 0) return;
    const full = this.buf.subarray(0, this.offset);
    this.bytes += this.offset;
    const next = this.spare ?? Buffer.allocUnsafe(CHUNK);
    this.spare = undefined;
    const prev = this.pending;
    const buf = this.buf;
    this.track((async () => {
      if (prev) await prev;
      await this.fh.write(full);
      this.spare = buf;
    })());
    this.buf = next;
    this.offset = 0;
  }

  private track(p: Promise<unknown>): void {
    this.pending = p;
    this.queued.push(p);
    // Chained writes finish in order: the one done is the oldest.
    p.then(() => this.queued.shift(), () => undefined);
  }

  /** Waits until at most `max` writes are queued, without writing out a partly filled buffer. */
  async backpressure(max = 1): Promise<void> {
    while (this.queued.length > max) await this.queued[0];
  }

  private enqueue(data: Uint8Array): void {
    this.bytes += data.length;
    const prev = this.pending;
    this.track((async () => {
      if (prev) await prev;
      await this.fh.write(data);
    })());
  }

  /** Appends ready-made chunks of whole lines (a block's output) after what is gathered. */
  writeChunks(chunks: readonly Uint8Array[], lines: number): void {
    this.queueCopy();
    for (const c of chunks) if (c.length > 0) this.enqueue(c);
    this.lines += lines;
  }

  /** Starts writing what is gathered and waits for the previous write, so at most one is in flight. */
  async flush(): Promise<void> {
    const before = this.pending;
    this.queueCopy();
    if (before) await before;
  }

  async close(): Promise<void> {
    this.queueCopy();
    if (this.pending) await this.pending;
    await this.fh.close();
  }

  /** Closes without caring about errors (after another failure). */
  async abort(): Promise<void> {
    try {
      if (this.pending) await this.pending;
    } catch { /* already failing */ }
    await this.fh.close().catch(() => undefined);
  }
}
