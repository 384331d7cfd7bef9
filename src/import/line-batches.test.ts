import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lineBatches } from './line-batches.js';

const dir = mkdtempSync(join(tmpdir(), 'cg-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the lines of a file are: the whole file decoded as `TextDecoder` does, cut at each newline, a final CR dropped. */
function reference(bytes: Uint8Array): string[] {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

async function read(path: string, size?: number): Promise<{ lines: string[]; firsts: number[]; bytes: number }> {
  const lines: string[] = [];
  const firsts: number[] = [];
  let bytes = 0;
  for await (const b of lineBatches(path, size)) {
    expect(b.first).toBe(lines.length + 1);
    firsts.push(b.first);
    lines.push(...b.lines);
    bytes = b.bytes;
  }
  return { lines, firsts, bytes };
}

describe('lineBatches', () => {
  // Bytes that make valid and invalid UTF-8, newlines, CRs and a byte-order mark.
  const piece = fc.constantFrom(
    [0x41], [0x7b, 0x7d], [0x0a], [0x0d], [0x0d, 0x0a], [0xef, 0xbb, 0xbf], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80],
    [0xe2, 0x82], [0xc0], [0xff], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80],
  );

  it('reads the lines TextDecoder reads from the whole file, numbered from 1', async () => {
    await fc.assert(fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), async (pieces, size) => {
      const bytes = Uint8Array.from(pieces.flat());
      const path = join(dir, 'p.jsonl');
      writeFileSync(path, bytes);
      const out = await read(path, size);
      expect(out.lines).toEqual(reference(bytes));
      expect(out.bytes).toBe(bytes.length);
    }), { numRuns: 300 });
  });

  it('reads lines across the 4 MiB chunks, a line longer than a chunk included', async () => {
    const long = `{"text":"${'é€x'.repeat(1_500_000)}"}`;
    const text = Array.from({ length: 40_000 }, (_, i) => (i === 20_000 ? long : `{"i":${i},"t":"${i % 3 ? 'abc' : 'ünï'}"}`)).join('\r\n');
    const path = join(dir, 'big.jsonl');
    writeFileSync(path, text);
    const out = await read(path);
    expect(out.lines).toEqual(reference(Buffer.from(text)));
    expect(out.bytes).toBe(Buffer.byteLength(text));
  });
});
