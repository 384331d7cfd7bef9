/**
 * @module A DuckDB engine for one build: an in-memory database with a memory limit and a spill
 * folder, so that a sort of ten million texts stays within the memory budget (it spills instead).
 * The only file that talks to `@duckdb/node-api` directly, apart from the appender and the UDF.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBDataChunk } from '@duckdb/node-api';

export interface DuckOptions {
  /** Folder for spill files (created by DuckDB when needed). */
  tempDirectory: string;
  /** A database file instead of memory (for staging more rows than memory holds). */
  path?: string;
  /** e.g. `2GB`; default `CONSENTGATE_DUCKDB_MEMORY` or 2GB. */
  memoryLimit?: string;
  /** Worker threads; default `CONSENTGATE_DUCKDB_THREADS` or DuckDB's own (the cores). */
  threads?: number;
  /** Track query progress (for a progress bar); off by default, as DuckDB then does not compute it. */
  progress?: boolean;
}

export class Duck {
  private constructor(private readonly instance: DuckDBInstance, readonly connection: DuckDBConnection, private readonly owner: boolean) {}

  static async open(options: DuckOptions): Promise<Duck> {
    const config: Record<string, string> = {
      memory_limit: options.memoryLimit ?? process.env['CONSENTGATE_DUCKDB_MEMORY'] ?? '2GB',
      temp_directory: options.tempDirectory,
      // File order is write order for lake files and segments; results keep it unless sorted.
      preserve_insertion_order: 'true',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    const threads = options.threads ?? (Number(process.env['CONSENTGATE_DUCKDB_THREADS']) || undefined);
    if (threads !== undefined) config['threads'] = String(threads);
    const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
    const connection = await instance.connect();
    // Strings without an offset (lake files) are read as UTC, as the spec reads times.
    await connection.run("SET TimeZone = 'UTC'");
    // Progress is polled for the progress bar (it is only computed when enabled), never printed.
    if (options.progress === true) {
      await connection.run('SET enable_progress_bar = true');
      await connection.run('SET enable_progress_bar_print = false');
    }
    return new Duck(instance, connection, true);
  }

  /**
   * Another connection to the same database, to run a statement while this one runs another
   * (tables, not TEMP tables, are what connections share). Closing it leaves the database open.
   */
  async fork(): Promise<Duck> {
    const connection = await this.instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    return new Duck(this.instance, connection, false);
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** All rows of a (small) result, as arrays. */
  async rows(sql: string): Promise<unknown[][]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRows() as unknown[][];
  }

  /** Streams a result chunk by chunk (2048 rows each), for results too big to hold. */
  async *chunks(sql: string): AsyncIterable<DuckDBDataChunk> {
    const result = await this.connection.stream(sql);
    for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) yield chunk;
  }

  /** Percentage of the running query done (-1 when DuckDB cannot tell). */
  progress(): number {
    try {
      return this.connection.progress.percentage;
    } catch {
      return -1;
    }
  }

  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    this.connection.closeSync();
    if (this.owner) this.instance.closeSync();
  }
}

/** A path as a SQL string literal. */
export function sqlPath(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}
