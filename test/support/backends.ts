/** Re-export: the helpers live in src/test-support/postgres-stores.ts so that tests under src/ type-check too. */
export * from '../../src/test-support/postgres-stores.js';
