/**
 * Time-ordered output with bounded memory. Consent events and notices are made member by member, but
 * a ledger is written in time order (its `seq` follows `at`). Lines go into one bucket per day; when
 * the lines held pass a budget, every bucket is appended to its own spill file. At the end each day
 * is read back, sorted by time (stably: a member's events at one instant keep the order they were made
 * in, which decides who wins a tie, spec §4), and written out. Memory is bounded by the budget plus
 * the busiest day.
 */
import { appendFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DAY } from './world.js';
import type { LineWriter } from './writer.js';

export class TimeSpool {
  private readonly ats: number[][];
  private readonly lines: string[][];
  private held = 0;
  private readonly spilled = new Set<number>();
  count = 0;

  constructor(
    private readonly dir: string,
    private readonly start: number,
    end: number,
    private readonly budget = 6 * 1024 * 1024,
  ) {
    const days = Math.ceil((end - start) / DAY) + 1;
    this.ats = Array.from({ length: days }, () => []);
    this.lines = Array.from({ length: days }, () => []);
    mkdirSync(dir, { recursive: true });
  }

  private bucket(at: number): number {
    const b = Math.floor((at - this.start) / DAY);
    return b < 0 ? 0 : b >= this.ats.length ? this.ats.length - 1 : b;
  }

  /** `line` is one JSON line ending in a newline. */
  add(at: number, line: string): void {
    const b = this.bucket(at);
    (this.ats[b] as number[]).push(at);
    (this.lines[b] as string[]).push(line);
    this.held += line.length + 64; // the string header and array slots too
    this.count++;
    if (this.held > this.budget) this.spill();
  }

  private spill(): void {
    for (let b = 0; b < this.ats.length; b++) {
      const ats = this.ats[b] as number[];
      if (ats.length === 0) continue;
      const lines = this.lines[b] as string[];
      let text = '';
      for (let i = 0; i < ats.length; i++) text += `${ats[i]}\t${lines[i]}`;
      appendFileSync(join(this.dir, `${b}.spill`), text);
      this.spilled.add(b);
      this.ats[b] = [];
      this.lines[b] = [];
    }
    this.held = 0;
  }

  /** Writes everything in time order and releases the memory. */
  async drain(out: LineWriter): Promise<void> {
    for (let b = 0; b < this.ats.length; b++) {
      let ats = this.ats[b] as number[];
      let lines = this.lines[b] as string[];
      if (this.spilled.has(b)) {
        const spill = join(this.dir, `${b}.spill`);
        // Spilled lines were added before the ones still held.
        const sAts: number[] = [];
        const sLines: string[] = [];
        for (const row of readFileSync(spill, 'utf8').split('\n')) {
          if (row === '') continue;
          const tab = row.indexOf('\t');
          sAts.push(Number(row.slice(0, tab)));
          sLines.push(`${row.slice(tab + 1)}\n`);
        }
        ats = sAts.concat(ats);
        lines = sLines.concat(lines);
      }
      this.ats[b] = [];
      this.lines[b] = [];
      if (ats.length === 0) continue;
      const order = Array.from({ length: ats.length }, (_, i) => i);
      // Array.prototype.sort is stable: equal instants keep the order they were made in.
      order.sort((x, y) => (ats[x] as number) - (ats[y] as number));
      for (const i of order) {
        out.write(lines[i] as string);
        if (out.full) await out.flush();
      }
    }
  }
}
