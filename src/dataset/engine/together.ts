/** @module Statements and tasks side by side, none left running when one fails. */

/**
 * Runs tasks side by side. When one fails, the others' queries are interrupted (`stop`) and all are
 * awaited before the first error is thrown: no DuckDB query may outlive the build (a query still
 * calling back into JavaScript while the process exits would hang it).
 */
export async function together<T extends readonly unknown[]>(stop: () => void, tasks: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  let stopped = false;
  const guarded = (tasks as readonly Promise<unknown>[]).map((t) => t.catch((e: unknown) => {
    if (!stopped) {
      stopped = true;
      stop();
    }
    throw e;
  }));
  const results = await Promise.allSettled(guarded);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
