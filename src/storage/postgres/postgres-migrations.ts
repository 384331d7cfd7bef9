/**
 * PostgreSQL schema, as numbered migrations. The same tables as SQLite (sqlite-migrations.ts), with
 * PostgreSQL types: times are epoch milliseconds in `bigint`, ids are `text COLLATE "C"` so every
 * ORDER BY and index is bytewise, as in SQLite, whatever the database's locale.
 *
 * Applied by `migrate()` under a session advisory lock, so processes that start at once do not race;
 * each migration runs in its own transaction (PostgreSQL has transactional DDL).
 */
import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Advisory lock keys (one 64-bit namespace per database): migrations, and the ledger's writers. */
export const MIGRATION_LOCK = 0x636f6e73656e7401n; // "consent" + 1
export const LEDGER_LOCK = 0x636f6e73656e7402n;

/**
 * The secondary indexes of the ledger and its personal data, as migration 1 creates them. An import
 * into an empty ledger drops them and builds them again before it commits (see `importSession`):
 * one sort per index instead of a random B-tree insert per row.
 */
export const LEDGER_INDEXES = {
  ledger_subject: 'CREATE INDEX ledger_subject ON ledger (subject, seq)',
  ledger_key: 'CREATE INDEX ledger_key ON ledger (entry_key)',
  ledger_objections: `CREATE INDEX ledger_objections ON ledger (at, seq) WHERE method = 'objection-form'`,
  personal_data_subject: 'CREATE INDEX personal_data_subject ON personal_data (subject)',
} as const;

export const POSTGRES_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'core',
    sql: `
      CREATE TABLE meta (key text PRIMARY KEY, value bytea NOT NULL);
      CREATE TABLE member_rows (
        ord bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text COLLATE "C" NOT NULL, valid_from bigint,
        name text NOT NULL, country text NOT NULL, birth_date bigint, joined_at bigint NOT NULL, closed_at bigint,
        in_secondary_school boolean);
      CREATE INDEX member_rows_id ON member_rows (id, ord);
      CREATE TABLE group_rows (
        ord bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text COLLATE "C" NOT NULL, valid_from bigint,
        name text NOT NULL, category text);
      CREATE INDEX group_rows_id ON group_rows (id, ord);
      CREATE TABLE content_rows (
        ord bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text COLLATE "C" NOT NULL, member_id text COLLATE "C" NOT NULL,
        kind text NOT NULL, visibility text NOT NULL, group_id text COLLATE "C", created_at bigint NOT NULL,
        deleted_at bigint, text text NOT NULL, valid_from bigint);
      CREATE INDEX content_rows_id ON content_rows (id, ord);
      CREATE INDEX content_rows_member ON content_rows (member_id);

      CREATE TABLE ledger (
        seq bigint PRIMARY KEY CHECK (seq > 0), kind text NOT NULL CHECK (kind IN ('consent', 'notice')),
        subject text COLLATE "C" NOT NULL, at bigint NOT NULL, purpose text, choice text, method text,
        notice_version text, channel text, personal_data text, hash text NOT NULL, entry_key text NOT NULL);
      -- A subject's entries (decisions, the member report, as-of consent state).
      ${LEDGER_INDEXES.ledger_subject};
      -- Import's skip rule: is an identical entry already written?
      ${LEDGER_INDEXES.ledger_key};
      ${LEDGER_INDEXES.ledger_objections};

      -- Append-only: the database refuses to change or remove an entry (tampering must disable these first).
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the ledger is append-only'; END $$;
      CREATE TRIGGER ledger_no_update BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
      CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

      -- Personal data lives outside the chain, erasable (GDPR Art. 17); JSON as text, which keeps every
      -- string the product accepts (jsonb refuses \\u0000).
      CREATE TABLE personal_data (
        seq bigint PRIMARY KEY, subject text COLLATE "C" NOT NULL,
        category text NOT NULL CHECK (category IN ('evidence', 'identifiers')), data text NOT NULL);
      ${LEDGER_INDEXES.personal_data_subject};
      -- That an erasure happened, without what was erased.
      CREATE TABLE erasures (at bigint NOT NULL, subject text NOT NULL, categories text NOT NULL, seqs text NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'lineage',
    sql: `
      CREATE TABLE datasets (
        id text COLLATE "C" PRIMARY KEY, as_of bigint NOT NULL, built_at bigint NOT NULL, policy_id text NOT NULL,
        policy_version integer NOT NULL, policy_sha256 text NOT NULL, ledger_seq bigint NOT NULL, ledger_hash text NOT NULL,
        format text NOT NULL, location text NOT NULL, manifest text NOT NULL);
      -- One row per dataset and member: the member's included item ids, newline-separated and sorted.
      CREATE TABLE dataset_members (dataset_id text COLLATE "C" NOT NULL, member_id text COLLATE "C" NOT NULL, item_ids text NOT NULL);
      CREATE INDEX dataset_members_dataset ON dataset_members (dataset_id, member_id);
      CREATE INDEX dataset_members_member ON dataset_members (member_id);
    `,
  },
];

/** The newest schema version this build knows. */
export const LATEST_VERSION = Math.max(...POSTGRES_MIGRATIONS.map((m) => m.version));

export interface MigrationResult {
  applied: { version: number; name: string }[];
  version: number;
}

/**
 * Applies pending migrations. Holds a session advisory lock for the whole run, so a second process
 * waits and then finds nothing left to do. Refuses a database migrated by a newer consentgate.
 */
export async function migrate(client: pg.ClientBase): Promise<MigrationResult> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    if (newest > LATEST_VERSION) {
      throw new Error(`the database has schema version ${newest}, newer than this consentgate knows (${LATEST_VERSION}); upgrade consentgate`);
    }
    const applied: MigrationResult['applied'] = [];
    for (const m of POSTGRES_MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(e as Error).message}`, { cause: e });
      }
      applied.push({ version: m.version, name: m.name });
    }
    return { applied, version: LATEST_VERSION };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
  }
}

/** Pending migrations, without applying them (for `consentgate migrate --dry-run`). */
export async function pendingMigrations(client: pg.ClientBase): Promise<Migration[]> {
  const exists = await client.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS ok`);
  if (!(exists.rows[0] as { ok: boolean }).ok) return [...POSTGRES_MIGRATIONS];
  const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  return POSTGRES_MIGRATIONS.filter((m) => !done.has(m.version));
}
