/** @module SHA-256 and size of a written file, streamed (data files run to gigabytes). */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

export async function fileDigest(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), bytes: statSync(path).size };
}
