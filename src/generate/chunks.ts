/** Where a block writes its lines: a file's `LineWriter` in this thread, or a `ChunkSink` in a worker. */
export interface LineSink {
  /** Adds whole lines; answers their UTF-8 bytes. */
  write(text: string, lines?: number): number;
}

/**
 * Lines encoded into memory chunks: what one block of members produces on a worker thread, handed
 * whole (transferred, not copied) to the file's `LineWriter`.
 */
export class ChunkSink implements LineSink {
  lines = 0;
  bytes = 0;
  private readonly done: Uint8Array[] = [];
  private buf: Buffer;
  private offset = 0;

  constructor(private readonly size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Adds whole lines; answers the UTF-8 bytes written. */
  write(text: string, lines = 1): number {
    if (this.offset + text.length * 3 > this.buf.length) {
      this.seal();
      if (text.length * 3 > this.size) {
        const big = Buffer.from(text, 'utf8');
        this.done.push(big);
        this.bytes += big.length;
        this.lines += lines;
        return big.length;
      }
    }
    const n = this.buf.write(text, this.offset, 'utf8');
    this.offset += n;
    this.bytes += n;
    this.lines += lines;
    return n;
  }

  private seal(): void {
    if (this.offset === 0) return;
    this.done.push(this.buf.subarray(0, this.offset));
    this.buf = Buffer.allocUnsafe(this.size);
    this.offset = 0;
  }

  /** The chunks written; the sink is spent afterwards. */
  take(): Uint8Array[] {
    this.seal();
    return this.done;
  }
}
