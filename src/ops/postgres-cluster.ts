/**
 * A throwaway PostgreSQL cluster from the distribution's binaries, for tests, benchmarks and trying
 * consentgate on PostgreSQL without a server:
 * `initdb` into a temporary folder, `pg_ctl start` on a free port of 127.0.0.1 (and a private unix
 * socket folder), removed again by `stop()`. `initdb` and `postgres` refuse to run as root, so as
 * root they run as the `postgres` user (`runuser`), in a folder that user owns.
 *
 * No fallback and no skip: if the cluster cannot start, the error says why, loudly.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PgCluster {
  /** A superuser URL to the `postgres` database. */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** Stops the server and removes the folder. */
  stop(): Promise<void>;
  /** Stops the server the way a crash does (`pg_ctl -m immediate`: no checkpoint, WAL recovery on start). */
  crash(): Promise<void>;
  /** Starts it again on the same port (after `crash`). */
  start(): Promise<void>;
}

/** The folder holding initdb and pg_ctl: `$PG_BIN`, else the newest /usr/lib/postgresql/N/bin, else `pg_config --bindir`. */
export async function pgBinDir(): Promise<string> {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return fromEnv;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin');
  }
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    const dir = stdout.trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch {
    // fall through to the error below
  }
  throw new Error('PostgreSQL binaries not found: install Debian\'s postgresql package (initdb, pg_ctl) or set PG_BIN');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error('running as root, but there is no `postgres` user to run initdb and pg_ctl as (they refuse root); install Debian\'s postgresql package');
  }
}

async function asServerUser(bin: string, args: string[]): Promise<string> {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    const { stdout } = await run(cmd as string, argv as string[], { maxBuffer: 16 << 20 });
    return stdout;
  } catch (e) {
    const err = e as Error & { stderr?: string; stdout?: string };
    throw new Error(`${[cmd, ...(argv as string[])].join(' ')} failed: ${err.stderr || err.stdout || err.message}`);
  }
}

export interface ClusterOptions {
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<PgCluster> {
  const bin = await pgBinDir();
  const root = mkdtempSync(join(tmpdir(), 'cg-pg-'));
  if (isRoot()) {
    const { uid, gid } = await postgresUser();
    chownSync(root, uid, gid);
  }
  const dataDir = join(root, 'data');
  const log = join(root, 'server.log');
  await asServerUser(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1', unix_socket_directories: root, max_connections: 200, fsync: 'on', synchronous_commit: 'on',
    shared_buffers: '128MB', max_wal_size: '2GB', ...options.settings,
  };
  let port = 0;
  const start = async (): Promise<void> => {
    const opts = [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    try {
      await asServerUser(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', log, '-w', '-t', '60', '-o', opts, 'start']);
    } catch (e) {
      const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`${(e as Error).message}\n--- server log ---\n${tail}`);
    }
  };
  // A free port can be taken between the probe and the start: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (e) {
      if (attempt >= 3) {
        rmSync(root, { recursive: true, force: true });
        throw e;
      }
    }
  }
  const stopWith = async (mode: 'fast' | 'immediate') => {
    await asServerUser(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', 'stop']).catch(() => undefined);
  };
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start,
    crash: () => stopWith('immediate'),
    stop: async () => {
      await stopWith('fast');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** One statement on its own connection (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
