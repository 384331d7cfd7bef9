import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Receives one id as UTF-8 bytes `buf[start .. end)`; the bytes are only valid during the call. */
export type IdSink = (buf: Uint8Array, start: number, end: number) => void;

const CHUNK = 1 << 20;
const NL = 0x0a;

/** Calls `onLine` for each line of a file (without its LF or CRLF), reading 1 MB at a time. */
export async function forEachLine(path: string, onLine: IdSink): Promise<void> {
  const fh = await open(path, 'r');
  try {
    let buf = new Uint8Array(CHUNK * 2);
    let have = 0; // bytes carried over (an unfinished line) at buf[0 .. have)
    for (;;) {
      if (buf.length - have < CHUNK) {
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf.subarray(0, have));
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, have, buf.length - have, null);
      const end = have + bytesRead;
      let start = 0;
      const view = buf.subarray(0, end); // not the stale bytes beyond
      for (let nl = view.indexOf(NL, have); nl >= 0; nl = view.indexOf(NL, start)) {
        emit(buf, start, nl, onLine);
        start = nl + 1;
      }
      if (bytesRead === 0) {
        if (start < end) emit(buf, start, end, onLine); // a last line without LF
        return;
      }
      buf.copyWithin(0, start, end);
      have = end - start;
    }
  } finally {
    await fh.close();
  }
}

function emit(buf: Uint8Array, start: number, end: number, onLine: IdSink): void {
  const e = end > start && buf[end - 1] === 0x0d ? end - 1 : end;
  if (e > start) onLine(buf, start, e); // blank lines carry no id
}

/** `ids.txt`: one id a line, UTF-8. */
export function readIdLines(path: string, onId: IdSink): Promise<void> {
  return forEachLine(path, onId);
}

const PREFIX = new TextEncoder().encode('{"id":"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * `data.jsonl`: the `id` of each row. Rows are written `{"id":"…",…}` (spec §6 key order), so the id
 * is taken straight from the bytes; a row in any other shape, or with an escape in its id, is parsed.
 */
export function readJsonlIds(path: string, onId: IdSink): Promise<void> {
  let lineNo = 0;
  let scratch = new Uint8Array(1024);
  return forEachLine(path, (buf, start, end) => {
    lineNo++;
    if (end - start > PREFIX.length && PREFIX.every((b, i) => buf[start + i] === b)) {
      const s = start + PREFIX.length;
      const q = buf.indexOf(QUOTE, s);
      if (q > s && q < end) {
        let plain = true;
        for (let i = s; i < q; i++) if (buf[i] === BACKSLASH) plain = false;
        if (plain) return onId(buf, s, q);
      }
    }
    let row: unknown;
    try {
      row = JSON.parse(decoder.decode(buf.subarray(start, end)));
    } catch {
      throw new Error(`${path}:${lineNo}: not JSON`);
    }
    const id = typeof row === 'object' && row !== null ? (row as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') throw new Error(`${path}:${lineNo}: no string "id"`);
    if (scratch.length < id.length * 3) scratch = new Uint8Array(id.length * 3);
    const { written } = encoder.encodeInto(id, scratch);
    onId(scratch, 0, written);
  });
}

/**
 * `data.parquet`: its `id` column in file order. DuckDB writes the column to a temporary text file,
 * one id a line, which is then read like `ids.txt`: converting DuckDB values to JS strings one by one
 * costs ~3 µs an id (30 s for 10 M), the export ~0.1 µs. Streaming on both sides, so memory stays
 * flat; the temporary file (~14 bytes an id) is removed afterwards. A plain scan keeps file order
 * (DuckDB's preserve_insertion_order is on by default).
 */
export async function readParquetIds(path: string, onId: IdSink): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = await mkdtemp(join(tmpdir(), 'consentgate-ids-'));
  try {
    const out = join(dir, 'ids.txt');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;
      // Ids never hold a tab, quote or newline (spec §2), so a bare one-column TSV is exactly one id a line.
      await conn.run(
        `COPY (SELECT CAST(id AS VARCHAR) FROM read_parquet(${lit(path)})) TO ${lit(out)} ` +
          `(FORMAT csv, HEADER false, DELIMITER '\t', QUOTE '', ESCAPE '')`,
      );
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    await forEachLine(out, onId);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
