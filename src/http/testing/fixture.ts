/**
 * A small platform in a temporary SQLite store, for the HTTP tests and the browser tests: members
 * in the EU (Dutch and German speakers), the UK, the US and China, a minor, a member who opted out,
 * posts with mentions, a sensitive group, a non-member objection and two recorded builds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles } from '../../import/import-files.js';
import { loadPolicy } from '../../policy/load-policy.js';
import type { Policy } from '../../policy/policy.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../storage/store.js';
import { mustParseTime } from '../../domain/time.js';
import { createApp, type App } from '../app.js';
import type { AppDeps } from '../deps.js';

export const JWT_SECRET = 'test-secret-test-secret-test-secret-0123';
export const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';
export const NOW = mustParseTime('2025-11-10T12:00:00Z');

export interface Fixture {
  dir: string;
  store: Store;
  policy: Policy;
  cleanup(): Promise<void>;
}

const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

export async function createFixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-http-'));
  const store = SqliteStore.open(join(dir, 'store.db'));
  const members = [
    { id: 'm-anna', name: 'Anna de Vries', country: 'NL', birthDate: '1990-04-01', joinedAt: '2015-03-01T10:00:00Z' },
    { id: 'm-bob', name: 'Bob Smith', country: 'US', birthDate: '1985-02-11', joinedAt: '2012-06-01T10:00:00Z' },
    { id: 'm-chloe', name: 'Chloé Martin', country: 'FR', joinedAt: '2019-01-01T10:00:00Z' },
    { id: 'm-dieter', name: 'Dieter Braun', country: 'DE', joinedAt: '2018-01-01T10:00:00Z' },
    { id: 'm-emily', name: 'Emily Clarke', country: 'GB', birthDate: '2010-05-05', joinedAt: '2024-01-01T10:00:00Z', inSecondarySchool: true },
    { id: 'm-li', name: 'Li Wei', country: 'CN', joinedAt: '2020-01-01T10:00:00Z' },
  ];
  const groups = [
    { id: 'g-union', name: 'Dutch Tech Workers Union', category: 'trade-union' },
    { id: 'g-devs', name: 'Amsterdam Developers', category: 'technology' },
  ];
  const content = [
    { id: 'c-anna-1', memberId: 'm-anna', kind: 'post', visibility: 'public', createdAt: '2025-06-01T09:00:00Z', text: 'Excited to start a new role at Example BV! Thanks @[Bob Smith](member:m-bob) for the tips.' },
    { id: 'c-anna-2', memberId: 'm-anna', kind: 'group-post', visibility: 'group', groupId: 'g-union', createdAt: '2025-07-01T09:00:00Z', text: 'Meeting about the collective agreement on Thursday.' },
    { id: 'c-anna-3', memberId: 'm-anna', kind: 'private-message', visibility: 'private', createdAt: '2025-07-02T09:00:00Z', text: 'Hi Bob, my number is +31 6 12345678.' },
    { id: 'c-anna-4', memberId: 'm-anna', kind: 'comment', visibility: 'connections', createdAt: '2025-08-02T09:00:00Z', text: 'Congratulations!' },
    { id: 'c-anna-5', memberId: 'm-anna', kind: 'post', visibility: 'public', createdAt: '2025-12-01T09:00:00Z', text: 'A post from the future (scheduled).' },
    { id: 'c-bob-1', memberId: 'm-bob', kind: 'post', visibility: 'public', createdAt: '2025-05-01T09:00:00Z', text: 'Hiring data engineers in Austin. Mail jobs@example.com.' },
    { id: 'c-bob-2', memberId: 'm-bob', kind: 'article', visibility: 'public', createdAt: '2025-09-01T09:00:00Z', text: 'What I learned running a remote team for five years.' },
    { id: 'c-chloe-1', memberId: 'm-chloe', kind: 'post', visibility: 'public', createdAt: '2025-04-01T09:00:00Z', text: 'Bonjour à tous ! Nouveau projet en cours.' },
    { id: 'c-dieter-1', memberId: 'm-dieter', kind: 'post', visibility: 'public', createdAt: '2025-03-01T09:00:00Z', text: 'Guten Morgen aus Berlin.' },
    { id: 'c-dieter-2', memberId: 'm-dieter', kind: 'group-post', visibility: 'group', groupId: 'g-devs', createdAt: '2025-03-05T09:00:00Z', text: 'Who is going to the meetup?' },
    { id: 'c-emily-1', memberId: 'm-emily', kind: 'post', visibility: 'public', createdAt: '2025-05-01T09:00:00Z', text: 'My first post!' },
    { id: 'c-li-1', memberId: 'm-li', kind: 'post', visibility: 'public', createdAt: '2025-05-01T09:00:00Z', text: 'Hello from Shanghai.' },
  ];
  const consent = [
    { subject: 'm-chloe', at: '2025-10-01T08:00:00Z', purpose: 'train-genai', choice: 'deny', method: 'setting', evidence: { userAgent: 'Firefox/140', ip: '192.0.2.0', language: 'fr-FR' } },
    { subject: 'm-dieter', at: '2025-09-25T08:00:00Z', purpose: 'train-genai', choice: 'allow', method: 'setting', evidence: { language: 'de-DE' } },
  ];
  const notices = ['m-anna', 'm-chloe', 'm-dieter'].map((subject) => ({ subject, at: '2025-09-20T10:00:00Z', noticeVersion: 'eu-2025-11', channel: 'email' }))
    .concat([{ subject: 'm-emily', at: '2025-09-20T10:00:00Z', noticeVersion: 'uk-2025-11', channel: 'email' }]);
  const objections = [{ id: 'obj-fixture-1', at: '2025-10-05T12:00:00Z', purpose: 'train-ai', name: 'Jan Jansen', emails: ['jan.jansen@example.org'], handles: ['janj'] }];
  const files = { members, groups, content, consent, notices, objections };
  const paths: Record<string, string> = {};
  for (const [k, rows] of Object.entries(files)) {
    paths[k] = join(dir, `${k}.jsonl`);
    writeFileSync(paths[k], jsonl(rows));
  }
  await importFiles(store, paths);
  const policy = loadPolicy();
  const head = await store.head();
  // Counts as the builder would write them for this fixture (11 items exist by 2025-11-10).
  const manifest = (asOf: string, included: number) => ({
    datasetId: `ds-${asOf}`, asOf: `${asOf}T00:00:00Z`, policy: { id: policy.id, version: policy.version, sha256: policy.sha256 }, ledger: head,
    counts: { considered: 11, included, excluded: { deleted: 0, 'account-closed': 0, 'kind-excluded': 1, 'not-public': 1, 'sensitive-group': 1, 'region-excluded': 1, 'region-not-effective': included === 2 ? 5 : 0, 'before-cutoff': 0, minor: included === 2 ? 0 : 1, 'not-notified': 0, objected: 0, 'opted-out': included === 2 ? 0 : 1, 'no-consent': 0 } },
    redactions: { EMAIL: 1, IBAN: 0, CARD: 0, ID: 0, IP: 0, PHONE: 0 }, transforms: { mentions: 1, objections: 0 }, merkleRoot: 'ab'.repeat(32), files: [],
  });
  const record = async (id: string, asOf: string, includedItems: { memberId: string; itemIds: string[] }[]) => {
    await store.recordDataset({
      id, asOf: mustParseTime(asOf), builtAt: mustParseTime(asOf) + 3600_000, policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
      ledger: head, format: 'jsonl', location: join(dir, id), manifest: manifest(asOf, includedItems.reduce((a, m) => a + m.itemIds.length, 0)),
    }, (async function* () { yield includedItems; })());
  };
  await record('ds-2025-10-01', '2025-10-01', [{ memberId: 'm-bob', itemIds: ['c-bob-1', 'c-bob-2'] }]);
  await record('ds-2025-11-10', '2025-11-10', [{ memberId: 'm-bob', itemIds: ['c-bob-1', 'c-bob-2'] }, { memberId: 'm-anna', itemIds: ['c-anna-1'] }, { memberId: 'm-dieter', itemIds: ['c-dieter-1', 'c-dieter-2'] }]);
  return {
    dir, store, policy,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createTestApp(fx: Fixture, overrides: Partial<AppDeps> = {}): Promise<App> {
  return createApp({
    store: fx.store,
    policy: fx.policy,
    auth: { secret: new TextEncoder().encode(JWT_SECRET), operatorToken: OPERATOR_TOKEN, ephemeral: false },
    clock: () => NOW,
    siteName: 'LinkUp',
    logger: false,
    datasetsDir: join(fx.dir, 'datasets'),
    ...overrides,
  });
}
