/**
 * A file written from a stream of lines (`\n`-terminated), counting them and the longest as the
 * bytes pass: a reader (DuckDB's `read_json`) wants the largest object size up front.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/** Rows between two progress reports. */
const REPORT_EVERY = 100_000;

export class LineFile {
  rows = 0;
  longest = 0;
  readonly #fd: number;
  /** Bytes of the line being read so far (it may span chunks). */
  #current = 0;
  #reported = 0;

  constructor(file: string, private readonly onRows?: (rows: number) => void) {
    this.#fd = openSync(file, 'w');
  }

  writable(): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        try {
          this.#count(chunk);
          for (let at = 0; at < chunk.length; ) at += writeSync(this.#fd, chunk, at);
          done();
        } catch (e) {
          done(e as Error);
        }
      },
    });
  }

  #count(chunk: Buffer): void {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      this.longest = Math.max(this.longest, this.#current + nl - from);
      this.#current = 0;
      this.rows++;
      from = nl + 1;
    }
    this.#current += chunk.length - from;
    if (this.onRows !== undefined && this.rows - this.#reported >= REPORT_EVERY) {
      this.#reported = this.rows;
      this.onRows(this.rows);
    }
  }

  close(): void {
    closeSync(this.#fd);
  }
}
