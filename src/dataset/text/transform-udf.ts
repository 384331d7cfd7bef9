/**
 * @module The text transform as a DuckDB scalar function, `cg_transform(text)`, so that the one COPY
 * that writes the data file transforms the rows its prefilter selects on the way: no second pass
 * over the texts, no staging table. DuckDB calls it a chunk (up to 2048 rows) at a time on the
 * JavaScript thread; it is volatile because it counts what it replaces.
 */
import { DuckDBScalarFunction, VARCHAR } from '@duckdb/node-api';
import type { Duck } from '../engine/duck.js';

export const TRANSFORM_UDF = 'cg_transform';
export const OBJECTIONS_UDF = 'cg_objections';

/**
 * Transforms a chunk of texts in place: each entry becomes the new text, or null when unchanged.
 */
export type ChunkTransform = (texts: (string | null)[]) => void;

export function registerTransformUdf(duck: Duck, name: string, transformChunk: ChunkTransform): void {
  duck.connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name,
      returnType: VARCHAR,
      parameterTypes: [VARCHAR],
      volatile: true,
      mainFunction: (info, input, output) => {
        try {
          const texts = input.getColumnValues(0) as (string | null)[];
          transformChunk(texts);
          for (let i = 0; i < texts.length; i++) output.setItem(i, texts[i] ?? null);
          output.flush();
        } catch (e) {
          info.setError(`text transform failed: ${(e as Error).message}`);
        }
      },
    }),
  );
}
