/**
 * A file written from a stream of CSV records (PostgreSQL's `COPY … (FORMAT csv)`), counting the
 * records and the longest as the bytes pass: DuckDB's `read_csv` wants the largest record size up
 * front. A newline ends a record only outside quotes (a quoted field may hold newlines; a doubled
 * quote inside one flips the state twice).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/** Records between two progress reports. */
const REPORT_EVERY = 100_000;
const QUOTE = 0x22;
const NEWLINE = 0x0a;

export class CsvFile {
  records = 0;
  longest = 0;
  readonly #fd: number;
  /** Bytes of the record being read so far (it may span chunks), and whether inside quotes. */
  #current = 0;
  #quoted = false;
  #reported = 0;

  constructor(file: string, private readonly onRecords?: (records: number) => void) {
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
    let quote = chunk.indexOf(QUOTE, from);
    let newline = chunk.indexOf(NEWLINE, from);
    for (;;) {
      if (quote >= 0 && (newline < 0 || quote < newline)) {
        this.#quoted = !this.#quoted;
        quote = chunk.indexOf(QUOTE, quote + 1);
        continue;
      }
      if (newline < 0) break;
      if (!this.#quoted) {
        this.longest = Math.max(this.longest, this.#current + newline - from);
        this.#current = 0;
        this.records++;
        from = newline + 1;
      }
      newline = chunk.indexOf(NEWLINE, newline + 1);
    }
    this.#current += chunk.length - from;
    if (this.onRecords !== undefined && this.records - this.#reported >= REPORT_EVERY) {
      this.#reported = this.records;
      this.onRecords(this.records);
    }
  }

  close(): void {
    closeSync(this.#fd);
  }
}
