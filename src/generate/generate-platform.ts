/**
 * `consentgate generate`: a realistic synthetic platform, the same bytes for the same seed, streamed
 * member by member so memory stays flat from 100 members to 10 million items. Files are written into a
 * temporary directory inside `out` (`.generate-XXXXXX`) and renamed into place at the end: a failed
 * run leaves no half files behind.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { ItemAllocator } from './allocation.js';
import { emptyLedgerStats, memberLedger, withdrawalLine, type LedgerStats } from './consent.js';
import { ContentMaker, type ContentStats } from './content.js';
import { generateGroups, groupCountFor } from './groups.js';
import { memberFacts, memberId, memberName, memberRows } from './members.js';
import type { PersonName } from './names.js';
import { emptyObjectionStats, memberObjection, poolObjections, type ObjectionOut, type ObjectionStats } from './objections.js';
import { PersonPool } from './persons.js';
import { emptyCounts, type PiiCounts } from './pii.js';
import { Rng, seedWords } from './prng.js';
import { TimeSpool } from './spool.js';
import { TextBuilder } from './texts.js';
import { fastFormatTime } from './timefmt.js';
import { ANNOUNCED, EFFECTIVE, WORLD_END, WORLD_START, regionOfCountry } from './world.js';
import { CHUNK, LineWriter } from './writer.js';

export interface GenerateOptions {
  /** Directory to write into (created if missing). */
  out: string;
  members: number;
  /** Total content items; about 10 a member when absent. */
  items?: number;
  seed: string | number;
  /** `true`: a progress bar on stderr when it is a terminal; a function: called as items are made. */
  progress?: boolean | ((done: number, total: number) => void);
}

export interface FileSummary {
  rows: number;
  bytes: number;
}

export interface GenerateSummary {
  generator: string;
  seed: string | number;
  members: number;
  items: number;
  groups: number;
  files: Record<string, FileSummary>;
  world: { contentFrom: string; exportedAt: string; noticeAnnounced: string; effective: string };
  population: {
    byCountry: Record<string, number>;
    byRegion: Record<string, number>;
    ageGroups: Record<string, number>;
    inSecondarySchool: number;
    movers: number;
    closed: number;
  };
  content: Omit<ContentStats, 'items' | 'rows'> & { averageTextBytes: number };
  pii: PiiCounts;
  ledger: LedgerStats;
  objections: ObjectionStats;
}

export const FILES = ['members.jsonl', 'groups.jsonl', 'content.jsonl', 'consent.jsonl', 'notices.jsonl', 'objections.jsonl'] as const;
const GENERATOR = 'consentgate-generate/1';

function sorted(rec: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function bump(rec: Record<string, number>, key: string): void {
  rec[key] = (rec[key] ?? 0) + 1;
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

export async function generatePlatform(options: GenerateOptions): Promise<GenerateSummary> {
  const members = options.members;
  const items = options.items ?? members * 10;
  checkCount('members', members, 1);
  checkCount('items', items, 0);
  const seed = seedWords(options.seed);
  const fmt = fastFormatTime;

  mkdirSync(options.out, { recursive: true });
  // Unique per run, so that two runs into one directory do not trample each other's files.
  const tmp = mkdtempSync(join(options.out, '.generate-'));

  const report = progressReporter(options.progress, items);
  const writers: LineWriter[] = [];
  try {
    const w = async (name: string): Promise<LineWriter> => {
      const lw = await LineWriter.create(join(tmp, name));
      writers.push(lw);
      return lw;
    };
    const membersOut = await w('members.jsonl');
    const groupsOut = await w('groups.jsonl');
    const contentOut = await w('content.jsonl');
    const consentOut = await w('consent.jsonl');
    const noticesOut = await w('notices.jsonl');
    const objectionsOut = await w('objections.jsonl');

    // Groups first: content names them.
    const groups = generateGroups(seed, groupCountFor(members), fmt, (line) => { groupsOut.write(line); });
    await groupsOut.flush();

    const pool = new PersonPool(seed, PersonPool.sizeFor(members));
    const pii = emptyCounts();
    const mentionCache = new Map<number, PersonName>();
    let author = 0;
    const mention = (rng: Rng): string => {
      if (rng.chance(0.01)) {
        // Someone who is not (or no longer) a member of this platform.
        return `@[${pool.get(pool.choose(rng)).name}](member:x-${rng.digits(7)})`;
      }
      let j = rng.chance(0.5) ? author - 200 + rng.int(401) : rng.int(members);
      if (j < 0 || j >= members) j = rng.int(members);
      if (j === author && members > 1) j = (j + 1) % members;
      let f = mentionCache.get(j);
      if (f === undefined) {
        // Bounded: cleared when full (a few MB at most).
        if (mentionCache.size >= 65_536) mentionCache.clear();
        f = memberName(seed, j);
        mentionCache.set(j, f);
      }
      return `@[${rng.chance(0.15) ? f.given : f.display}](member:${memberId(j)})`;
    };
    const text = new TextBuilder(pool, mention, pii);
    const content = new ContentMaker(seed, groups, pool, text, fmt, EFFECTIVE);
    const consentSpool = new TimeSpool(join(tmp, 'consent-spool'), WORLD_START, WORLD_END);
    const noticeSpool = new TimeSpool(join(tmp, 'notice-spool'), WORLD_START, WORLD_END);
    const ledger = emptyLedgerStats();
    const sink = {
      event: (at: number, line: string) => consentSpool.add(at, line),
      notice: (at: number, line: string) => noticeSpool.add(at, line),
    };
    const objStats = emptyObjectionStats();
    const objections: ObjectionOut[] = [];
    const population = { byCountry: {} as Record<string, number>, byRegion: {} as Record<string, number>, ageGroups: {} as Record<string, number>, inSecondarySchool: 0, movers: 0, closed: 0 };

    const alloc = new ItemAllocator(seed, members, items);
    const contentWrite = (line: string): number => {
      contentOut.write(line);
      return contentOut.lastBytes;
    };
    for (let i = 0; i < members; i++) {
      const m = memberFacts(seed, i);
      author = i;
      if (membersOut.write(memberRows(m, fmt), 1 + m.changes.length)) await membersOut.flush();
      bump(population.byCountry, m.country);
      bump(population.byRegion, regionOfCountry(m.country));
      bump(population.ageGroups, m.ageGroup);
      if (m.inSecondarySchool === true || m.changes.some((c) => c.inSecondarySchool === true)) population.inSecondarySchool++;
      if (m.changes.some((c) => c.country !== undefined)) population.movers++;
      if (m.closedAt !== undefined) population.closed++;

      content.member(m, alloc.next(i), contentWrite);
      memberLedger(seed, m, fmt, sink, ledger);
      const own = memberObjection(seed, m, members, fmt, objStats);
      if (own) objections.push(own);

      if (contentOut.pendingBytes >= CHUNK - 65_536) {
        await contentOut.flush();
        report.update(content.stats.items);
      }
    }
    await contentOut.flush();
    report.update(content.stats.items);

    for (const o of poolObjections(seed, pool, content.refs, fmt, objStats)) {
      objections.push(o);
      if (o.withdrawnAt !== undefined) consentSpool.add(o.withdrawnAt, withdrawalLine(o.id, o.withdrawnAt, fmt));
    }
    // Written in time order; at one instant, in the order made.
    objections.sort((a, b) => a.at - b.at);
    for (const o of objections) objectionsOut.write(o.line);

    await consentSpool.drain(consentOut);
    await noticeSpool.drain(noticesOut);
    for (const lw of writers) await lw.close();
    writers.length = 0;

    const fileStats = (lw: LineWriter): FileSummary => ({ rows: lw.lines, bytes: lw.bytes });
    const { items: madeItems, rows: _rows, ...contentRest } = content.stats;
    const summary: GenerateSummary = {
      generator: GENERATOR,
      seed: options.seed,
      members,
      items: madeItems,
      groups: groups.count,
      files: {
        'members.jsonl': fileStats(membersOut),
        'groups.jsonl': fileStats(groupsOut),
        'content.jsonl': fileStats(contentOut),
        'consent.jsonl': fileStats(consentOut),
        'notices.jsonl': fileStats(noticesOut),
        'objections.jsonl': fileStats(objectionsOut),
      },
      world: { contentFrom: fmt(WORLD_START), exportedAt: fmt(WORLD_END), noticeAnnounced: fmt(ANNOUNCED), effective: fmt(EFFECTIVE) },
      population: {
        ...population,
        byCountry: sorted(population.byCountry),
        byRegion: sorted(population.byRegion),
        ageGroups: sorted(population.ageGroups),
      },
      content: {
        ...contentRest,
        byKind: sorted(contentRest.byKind),
        byVisibility: sorted(contentRest.byVisibility),
        byGroupCategory: sorted(contentRest.byGroupCategory),
        averageTextBytes: madeItems === 0 ? 0 : Math.round(contentRest.textBytes / madeItems),
      },
      pii,
      ledger: {
        ...ledger,
        byMethod: sorted(ledger.byMethod),
        byPurpose: sorted(ledger.byPurpose),
        byChoice: sorted(ledger.byChoice),
        noticesByVersion: sorted(ledger.noticesByVersion),
        noticesByChannel: sorted(ledger.noticesByChannel),
        optOutsByRegion: sorted(ledger.optOutsByRegion),
        events: consentSpool.count,
      },
      objections: objStats,
    };
    writeFileSync(join(tmp, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

    for (const name of [...FILES, 'summary.json']) {
      // Unlinking first: renaming over an existing file makes ext4 flush the new file's data (auto_da_alloc).
      rmSync(join(options.out, name), { force: true });
      renameSync(join(tmp, name), join(options.out, name));
    }
    report.done(content.stats.items);
    return summary;
  } catch (error) {
    for (const lw of writers) await lw.abort();
    report.stop();
    throw error;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A progress reporter: a cli-progress bar on a terminal, a callback, or nothing. */
interface Reporter {
  update(done: number): void;
  /** The last report, at the end of a successful run. */
  done(done: number): void;
  stop(): void;
}

function progressReporter(progress: GenerateOptions['progress'], total: number): Reporter {
  const none = (): void => undefined;
  if (typeof progress === 'function') {
    let last = -1;
    const update = (done: number): void => {
      if (done !== last) progress(done, total);
      last = done;
    };
    return { update, done: update, stop: none };
  }
  if (progress !== true || !process.stderr.isTTY) return { update: none, done: none, stop: none };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'generate [{bar}] {percentage}% | {value}/{total} items | ETA {eta_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done) => bar.update(done),
    done: (done) => { bar.update(done); bar.stop(); },
    stop: () => bar.stop(),
  };
}
