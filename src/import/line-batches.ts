/**
 * Streams a text file as batches of lines with their line numbers (from 1). Batching keeps the
 * per-line cost of `await` out of a loop that runs millions of times.
 *
 * Reads raw chunks and decodes each up to its last newline with one `TextDecoder` call: that is
 * several times cheaper than a `utf8` read stream, whose per-chunk decoding and string joins cost
 * more than parsing the JSON (measured on a 430 MB content file: 7.5 s of CPU against 2 s).
 * Invalid UTF-8 becomes U+FFFD either way; a byte-order mark is kept, as the stream kept it.
 */
import { open } from 'node:fs/promises';

export interface LineBatch {
  /** Line number of `lines[0]`. */
  first: number;
  lines: string[];
  /** Bytes consumed so far, for progress. */
  bytes: number;
}

const CHUNK = 1 << 22;

export async function* lineBatches(path: string, size = 4096): AsyncGenerator<LineBatch> {
  const file = await open(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let buf = Buffer.allocUnsafe(CHUNK);
    let have = 0;
    let bytes = 0;
    let lineNo = 1;
    let first = 1;
    let lines: string[] = [];
    for (;;) {
      if (have === buf.length) {
        // A line longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const { bytesRead } = await file.read(buf, have, buf.length - have, null);
      const end = have + bytesRead;
      const eof = bytesRead === 0;
      // Decode whole lines only (a newline byte never sits inside a multi-byte character).
      const cut = eof ? end : buf.lastIndexOf(10, end - 1) + 1;
      if (cut > 0) {
        const text = decoder.decode(buf.subarray(0, cut));
        bytes += cut;
        let start = 0;
        for (;;) {
          let nl = text.indexOf('\n', start);
          if (nl === -1) {
            if (start >= text.length) break;
            nl = text.length; // the last line, without a newline at the end of the file
          }
          lines.push(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl));
          start = nl + 1;
          lineNo++;
          if (lines.length >= size) {
            yield { first, lines, bytes };
            first = lineNo;
            lines = [];
          }
        }
        buf.copy(buf, 0, cut, end);
      }
      have = end - cut;
      if (eof) break;
    }
    if (lines.length > 0) yield { first, lines, bytes };
  } finally {
    await file.close();
  }
}
