/**
 * Per-test PostgreSQL databases on the run's cluster (started by test/global-setup.ts, or the
 * server `DATABASE_URL` names). `CREATE DATABASE` copies a migrated template in a few hundred milliseconds, so every
 * test file, or every test, gets a database of its own and tests never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { adminQuery, databaseUrl } from './postgres-cluster.js';

export { adminQuery, databaseUrl };

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the cluster tests create their databases on. */
    pgAdminUrl: string;
    /** The cluster is the run's own and is removed at the end. */
    pgThrowaway: boolean;
    /** A migrated database without a secret, to copy. */
    pgTemplate: string;
    /** The compiled sources for child processes (see test/support/test-build.ts). */
    cgBuildDir: string;
  }
}

export function pgAdminUrl(): string {
  const url = inject('pgAdminUrl') ?? process.env.CONSENTGATE_TEST_PG;
  if (!url) throw new Error('no PostgreSQL for tests: test/global-setup.ts did not run (see vitest.config.ts)');
  return url;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'cg', options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const admin = pgAdminUrl();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const template = options.empty ? undefined : inject('pgTemplate');
  await adminQuery(admin, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  return {
    url: databaseUrl(admin, name),
    name,
    // On the run's own throwaway cluster the whole cluster goes at the end: skip the fsync-heavy DROP.
    drop: async () => {
      if (!inject('pgThrowaway')) await adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
