/** The throwaway cluster lives in src/ops (benchmarks use it from dist/ too); tests import it from here. */
export * from '../ops/postgres-cluster.js';
