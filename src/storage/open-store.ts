/**
 * Opens the store a command names: `--db`, else `$CONSENTGATE_DB`, else `$DATABASE_URL`, else
 * `./consentgate.db` (spec §6). A `postgres://` URL opens PostgreSQL, anything else is a SQLite path.
 * Pending migrations are applied on open.
 */
import { ConsentgateError } from '../domain/issues.js';
import type { Store } from './store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

export function storeLocation(db?: string): string {
  return db ?? process.env.CONSENTGATE_DB ?? process.env.DATABASE_URL ?? './consentgate.db';
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export async function openStore(db?: string): Promise<Store> {
  const location = storeLocation(db);
  if (isPostgresUrl(location)) {
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    return PostgresStore.open(location);
  }
  try {
    return SqliteStore.open(location);
  } catch (cause) {
    throw new ConsentgateError('store-unreadable', [{ file: location, message: `cannot open the store: ${(cause as Error).message}` }], { cause });
  }
}
