/**
 * @module The text transform as a DuckDB scalar function, `cg_transform(text)`, so that the one COPY
 * that writes the data file transforms the rows its prefilter selects on the way: no second pass
 * over the texts, no staging table. DuckDB calls it a chunk (up to 2048 rows) at a time on the
 * JavaScript thread; it is volatile because it counts what it replaces.
 *
 * With worker threads the texts never become strings on this thread: their bytes go from the
 * vector into the pool's shared input and the changed ones from the threads' output buffers into
 * the result (`raw-varchar.ts`). Otherwise, and for a chunk too large for the shared input, the
 * node-api wrappers hand over strings.
 */
import bindings from '@duckdb/node-bindings';
import { DuckDBDataChunk, DuckDBScalarFunction, DuckDBVector, VARCHAR } from '@duckdb/node-api';
import type { Duck } from '../engine/duck.js';
import { readVarchars, writeVarchars } from './raw-varchar.js';
import { MAX_ITEMS } from './shared-chunk.js';
import type { TransformPool } from './transform-pool.js';

export const TRANSFORM_UDF = 'cg_transform';
export const OBJECTIONS_UDF = 'cg_objections';

export function registerTransformUdf(duck: Duck, name: string, pool: TransformPool, kind: 'all' | 'objections'): void {
  const fn = new DuckDBScalarFunction();
  fn.setName(name);
  fn.setReturnType(VARCHAR);
  fn.addParameter(VARCHAR);
  fn.setVolatile();
  bindings.scalar_function_set_function(fn.scalar_function, (info, input, output) => {
    try {
      const rows = bindings.data_chunk_get_size(input);
      const shared = pool.shared;
      if (shared !== undefined && rows <= MAX_ITEMS && readVarchars(input, rows, shared)) {
        pool.transformShared(rows, kind);
        writeVarchars(output, rows, shared, (lane) => pool.outputOf(lane));
        return;
      }
      const texts = new DuckDBDataChunk(input).getColumnValues(0) as (string | null)[];
      pool.transformChunk(texts, kind);
      const out = DuckDBVector.create(output, rows);
      for (let i = 0; i < texts.length; i++) out.setItem(i, texts[i] ?? null);
      out.flush();
    } catch (e) {
      bindings.scalar_function_set_error(info, `text transform failed: ${(e as Error).message}`);
    }
  });
  duck.connection.registerScalarFunction(fn);
}
