/**
 * @module The bytes of a DuckDB VARCHAR vector, read and written without JavaScript strings, for
 * the transform UDF: the texts go from DuckDB's vector straight into the pool's shared input
 * (UTF-8, as DuckDB holds them), and the changed texts straight from a thread's output buffer into
 * the result vector. The node-api wrappers decode every text to a string on this thread and encode
 * every result back; at 10 million items those conversions were a tenth of the build.
 *
 * A vector holds 16 bytes per row (`duckdb_string_t`): the length (uint32), then up to 12 bytes
 * inline, or a 4-byte prefix and a pointer to the bytes.
 */
import bindings, { type DataChunk, type Vector } from '@duckdb/node-bindings';
import { NO_TEXT, type SharedChunk } from './shared-chunk.js';

const STRING_T = 16;
const INLINE = 12;

/**
 * Writes the `rows` texts of the chunk's first column into the shared input (`inStart`, `inLen`;
 * `NO_TEXT` for NULL). False, with nothing to undo, when they do not all fit: the caller takes the
 * string path for this chunk.
 */
export function readVarchars(input: DataChunk, rows: number, into: SharedChunk): boolean {
  const vector = bindings.data_chunk_get_vector(input, 0);
  const data = bindings.vector_get_data(vector, rows * STRING_T);
  const view = new DataView(data.buffer, data.byteOffset, rows * STRING_T);
  const validity = bindings.vector_get_validity(vector, Math.ceil(rows / 64) * 8);
  const bytes = into.input;
  let at = 0;
  for (let i = 0; i < rows; i++) {
    if (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0) {
      into.inLen[i] = NO_TEXT;
      continue;
    }
    const o = i * STRING_T;
    const len = view.getUint32(o, true);
    if (at + len > bytes.length) return false;
    if (len <= INLINE) bytes.set(data.subarray(o + 4, o + 4 + len), at);
    else bytes.set(bindings.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + o + 8, len), at);
    into.inStart[i] = at;
    into.inLen[i] = len;
    at += len;
  }
  return true;
}

/**
 * Sets the result vector: row i is NULL when `outLen[i]` is `NO_TEXT` (unchanged), else the bytes
 * `outStart[i]`, `outLen[i]` of the buffer `bufferOf(outLane[i])`.
 */
export function writeVarchars(output: Vector, rows: number, from: SharedChunk, bufferOf: (lane: number) => Uint8Array): void {
  const validity = new Uint8Array(Math.ceil(rows / 64) * 8).fill(0xff);
  let nulls = false;
  for (let i = 0; i < rows; i++) {
    const len = from.outLen[i]!;
    if (len === NO_TEXT) {
      validity[i >>> 3]! &= ~(1 << (i & 7));
      nulls = true;
      continue;
    }
    const start = from.outStart[i]!;
    bindings.vector_assign_string_element_len(output, i, bufferOf(from.outLane[i]!).subarray(start, start + len));
  }
  if (nulls) {
    bindings.vector_ensure_validity_writable(output);
    bindings.copy_data_to_vector_validity(output, 0, validity.buffer, 0, validity.byteLength);
  }
}
