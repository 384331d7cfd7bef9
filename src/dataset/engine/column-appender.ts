/**
 * @module Appends rows from JavaScript to a DuckDB table a data chunk at a time: one native call per
 * 2048 rows instead of one per value. Times arrive as numbers and go in as BIGINT.
 */
import { BIGINT, BOOLEAN, DuckDBDataChunk, INTEGER, SMALLINT, VARCHAR, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';
import type { Duck } from './duck.js';

export type ColumnKind = 'varchar' | 'bigint' | 'integer' | 'smallint' | 'boolean';
export type Cell = string | number | boolean | null;

const TYPES: Record<ColumnKind, DuckDBType> = { varchar: VARCHAR, bigint: BIGINT, integer: INTEGER, smallint: SMALLINT, boolean: BOOLEAN };
const CHUNK = 2048;

export class ColumnAppender {
  readonly #kinds: readonly ColumnKind[];
  readonly #types: DuckDBType[];
  #columns: (string | number | bigint | boolean | null)[][];
  #n = 0;
  #total = 0;

  private constructor(private readonly appender: DuckDBAppender, kinds: readonly ColumnKind[]) {
    this.#kinds = kinds;
    this.#types = kinds.map((k) => TYPES[k]);
    this.#columns = kinds.map(() => []);
  }

  static async create(duck: Duck, table: string, kinds: readonly ColumnKind[]): Promise<ColumnAppender> {
    return new ColumnAppender(await duck.connection.createAppender(table), kinds);
  }

  get rows(): number {
    return this.#total + this.#n;
  }

  /** One row; `row[i]` must match the i-th column kind (numbers for BIGINT are safe integers). */
  push(row: readonly Cell[]): void {
    for (let i = 0; i < this.#kinds.length; i++) {
      const v = row[i] ?? null;
      this.#columns[i]!.push(v !== null && this.#kinds[i] === 'bigint' ? BigInt(v as number) : v);
    }
    if (++this.#n === CHUNK) this.#flushChunk();
  }

  #flushChunk(): void {
    if (this.#n === 0) return;
    const chunk = DuckDBDataChunk.create(this.#types, this.#n);
    chunk.setColumns(this.#columns as never);
    this.appender.appendDataChunk(chunk);
    this.#total += this.#n;
    this.#n = 0;
    this.#columns = this.#kinds.map(() => []);
  }

  close(): void {
    this.#flushChunk();
    this.appender.closeSync();
  }
}
