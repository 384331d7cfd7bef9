/**
 * Once per `vitest run`: a throwaway PostgreSQL cluster (unless `DATABASE_URL` names a server to
 * use instead) and a compiled copy of `src/` for child processes. Both are removed at the end.
 * If the cluster cannot start, the run fails here, loudly: no PostgreSQL test is ever skipped.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/storage/postgres/postgres-migrations.js';
import { adminQuery, databaseUrl, startCluster, type PgCluster } from '../src/test-support/postgres-cluster.js';
import { buildForChildren } from './support/test-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  let cluster: PgCluster | undefined;
  const build = buildForChildren(root);
  let admin: string;
  if (external && /^postgres(ql)?:\/\//i.test(external)) {
    admin = external;
  } else {
    cluster = await startCluster();
    admin = cluster.adminUrl;
  }
  project.provide('pgAdminUrl', admin);
  project.provide('pgThrowaway', cluster !== undefined);
  // A migrated, secret-less template: a test database is then one CREATE DATABASE … TEMPLATE away.
  const template = `cg_template_${process.pid}`;
  await adminQuery(admin, `CREATE DATABASE "${template}"`);
  const client = new pg.Client({ connectionString: databaseUrl(admin, template) });
  await client.connect();
  await migrate(client).finally(() => client.end());
  project.provide('pgTemplate', template);
  const built = await build;
  project.provide('cgBuildDir', built.dir);
  return async () => {
    built.cleanup();
    if (cluster) await cluster.stop();
    else await adminQuery(admin, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  };
}
