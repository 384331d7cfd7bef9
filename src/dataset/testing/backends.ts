/**
 * @module Test support for the builder's tests: a fresh store on each backend and tampering as an
 * attacker with write access, shared with the integration suites (`test-support/postgres-stores.ts`).
 */
export { BACKENDS, collect, freshStore, tamper, type Backend, type FreshStore } from '../../test-support/postgres-stores.js';
