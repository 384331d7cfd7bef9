/**
 * Streams a text file as batches of lines with their line numbers (from 1). Batching keeps the
 * per-line cost of `await` out of a loop that runs millions of times.
 */
import { createReadStream } from 'node:fs';

export interface LineBatch {
  /** Line number of `lines[0]`. */
  first: number;
  lines: string[];
  /** Bytes consumed so far, for progress. */
  bytes: number;
}

export async function* lineBatches(path: string, size = 4096): AsyncGenerator<LineBatch> {
  let rest = '';
  let lineNo = 1;
  let bytes = 0;
  let lines: string[] = [];
  let first = 1;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    bytes += Buffer.byteLength(chunk, 'utf8');
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      lines.push(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl));
      start = nl + 1;
      lineNo++;
      if (lines.length >= size) {
        yield { first, lines, bytes };
        first = lineNo;
        lines = [];
      }
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) lines.push(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
  if (lines.length > 0) yield { first, lines, bytes };
}
