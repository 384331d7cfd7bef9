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

/** Row indexes of the run of pointed-to strings being gathered (see `readVarchars`). */
const run = new Int32Array(4096);
/**
 * Bytes between two strings of a run. Less than a page: every page of a run then holds some byte
 * of a string, so reading the whole run reads no page that DuckDB has not mapped.
 */
const MAX_GAP = 4096;

/**
 * Writes the `rows` texts of the chunk's first column into the shared input (`inStart`, `inLen`;
 * `NO_TEXT` for NULL). False, with nothing to undo, when they do not all fit: the caller takes the
 * string path for this chunk.
 *
 * Strings longer than 12 bytes are read by their pointers, one native call per *run*: rows whose
 * bytes lie in ascending order with small gaps (a Parquet page, a vector's string heap) are copied
 * as one span, gaps included. A string out of order starts a new run.
 */
export function readVarchars(input: DataChunk, rows: number, into: SharedChunk): boolean {
  const vector = bindings.data_chunk_get_vector(input, 0);
  const data = bindings.vector_get_data(vector, rows * STRING_T);
  const view = new DataView(data.buffer, data.byteOffset, rows * STRING_T);
  const validity = bindings.vector_get_validity(vector, Math.ceil(rows / 64) * 8);
  const bytes = into.input;
  let at = 0;
  let n = 0;
  let first = 0;
  let end = 0;
  /** Copies the run into the input at `at`; false when it does not fit. */
  const flush = (): boolean => {
    if (n === 0) return true;
    const span = end - first;
    if (at + span > bytes.length) return false;
    bytes.set(bindings.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + run[0]! * STRING_T + 8, span), at);
    for (let k = 0; k < n; k++) {
      const i = run[k]!;
      into.inStart[i] = at + (pointerAt(view, i * STRING_T) - first);
      into.inLen[i] = view.getUint32(i * STRING_T, true);
    }
    at += span;
    n = 0;
    return true;
  };
  for (let i = 0; i < rows; i++) {
    if (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0) {
      into.inLen[i] = NO_TEXT;
      continue;
    }
    const o = i * STRING_T;
    const len = view.getUint32(o, true);
    if (len <= INLINE) {
      if (at + len > bytes.length) return false;
      bytes.set(data.subarray(o + 4, o + 4 + len), at);
      into.inStart[i] = at;
      into.inLen[i] = len;
      at += len;
      continue;
    }
    const p = pointerAt(view, o);
    if (n > 0 && (p < first || p - end >= MAX_GAP)) {
      if (!flush()) return false;
    }
    if (n === 0) {
      first = p;
      end = p;
    }
    run[n++] = i;
    end = Math.max(end, p + len);
  }
  return flush();
}

/** The pointer of a `duckdb_string_t` (user-space addresses fit a double exactly). */
function pointerAt(view: DataView, o: number): number {
  return view.getUint32(o + 12, true) * 0x100000000 + view.getUint32(o + 8, true);
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
