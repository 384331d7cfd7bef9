/**
 * `consentgate generate`: a realistic synthetic platform, the same bytes for the same seed, streamed
 * member by member so memory stays flat from 100 members to 10 million items. Files are written into a
 * temporary directory inside `out` (`.generate-XXXXXX`) and renamed into place at the end: a failed
 * run leaves no half files behind.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import cliProgress from 'cli-progress';
import { ItemAllocator, totalItemWeight } from './allocation.js';
import {
  BlockMaker, addContentStats, addLedger, addObjectionStats, addPii, addPopulation, addRefs, emptyPopulation,
  type BlockInput, type BlockOutput, type PlatformPlan,
} from './block.js';
import { emptyLedgerStats, withdrawalLine, type LedgerStats } from './consent.js';
import { emptyContentStats, type ContentStats, type PersonRefs } from './content.js';
import { generateGroups, groupCountFor } from './groups.js';
import { emptyObjectionStats, poolObjections, type ObjectionOut, type ObjectionStats } from './objections.js';
import { PersonPool } from './persons.js';
import { emptyCounts, type PiiCounts } from './pii.js';
import { seedWords } from './prng.js';
import { TimeSpool } from './spool.js';
import { fastFormatTime } from './timefmt.js';
import { ANNOUNCED, EFFECTIVE, WORLD_END, WORLD_START } from './world.js';
import { LineWriter } from './writer.js';

export interface GenerateOptions {
  /** Directory to write into (created if missing). */
  out: string;
  members: number;
  /** Total content items; about 10 a member when absent. */
  items?: number;
  seed: string | number;
  /** `true`: a progress bar on stderr when it is a terminal; a function: called as items are made. */
  progress?: boolean | ((done: number, total: number) => void);
  /**
   * Worker threads to make blocks of members on (default 0: everything in this thread, one core).
   * The files are the same bytes whatever the number; see docs/generate.md for when it pays.
   */
  workers?: number;
  /** Members per block of work (default 250 in this thread, 2,000 on workers); the files do not depend on it. */
  blockMembers?: number;
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

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

/** Members per block on a worker: about 20,000 items, 9 MB of content, worth a message. */
const BLOCK_MEMBERS = 2000;
/** In this thread, blocks of about a megabyte of content, so the writer recycles its buffers. */
const LOCAL_BLOCK_MEMBERS = 250;
/** Blocks sent ahead to each worker, so none waits for the next while the main thread writes. */
const DEPTH = 2;
const WORKER_URL = new URL('./generate-worker.js', import.meta.url);

/** The compiled worker exists (not under a TypeScript runner such as the tests'). */
function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

export async function generatePlatform(options: GenerateOptions): Promise<GenerateSummary> {
  const members = options.members;
  const items = options.items ?? members * 10;
  checkCount('members', members, 1);
  checkCount('items', items, 0);
  checkCount('workers', options.workers ?? 0, 0);
  // Without a compiled worker the blocks are made here: the files are the same either way.
  const workerCount = workersAvailable() ? options.workers ?? 0 : 0;
  const blockMembers = options.blockMembers ?? (workerCount > 0 ? BLOCK_MEMBERS : LOCAL_BLOCK_MEMBERS);
  checkCount('blockMembers', blockMembers, 1);
  const seed = seedWords(options.seed);
  const fmt = fastFormatTime;

  mkdirSync(options.out, { recursive: true });
  // Unique per run, so that two runs into one directory do not trample each other's files.
  const tmp = mkdtempSync(join(options.out, '.generate-'));

  const report = progressReporter(options.progress, items);
  const writers: LineWriter[] = [];
  const workers: Worker[] = [];
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

    const plan: PlatformPlan = {
      seed: options.seed, members, items, totalWeight: totalItemWeight(seed, members),
      groupCount: groups.count, groupCategory: groups.category,
    };
    const consentSpool = new TimeSpool(join(tmp, 'consent-spool'), WORLD_START, WORLD_END);
    const noticeSpool = new TimeSpool(join(tmp, 'notice-spool'), WORLD_START, WORLD_END);
    const population = emptyPopulation();
    const contentStats = emptyContentStats();
    const pii = emptyCounts();
    const ledger = emptyLedgerStats();
    const objStats = emptyObjectionStats();
    const objections: ObjectionOut[] = [];
    const refs = new Map<number, PersonRefs>();

    // Put a block's output in place; blocks arrive here in member order.
    const consume = async (out: BlockOutput): Promise<void> => {
      if (out.members.length > 0) membersOut.writeChunks(out.members, out.memberRows);
      if (out.content.length > 0) contentOut.writeChunks(out.content, out.contentRows);
      for (let i = 0; i < out.eventAt.length; i++) consentSpool.add(out.eventAt[i] as number, out.eventLines[i] as string);
      for (let i = 0; i < out.noticeAt.length; i++) noticeSpool.add(out.noticeAt[i] as number, out.noticeLines[i] as string);
      objections.push(...out.objections);
      addRefs(refs, out.refs);
      addPopulation(population, out.population);
      addContentStats(contentStats, out.contentStats);
      addPii(pii, out.pii);
      addLedger(ledger, out.ledger);
      addObjectionStats(objStats, out.objectionStats);
      // Let the disk catch up (a block made in this thread has already written into the writers).
      await membersOut.backpressure();
      await contentOut.backpressure(2);
      report.update(contentStats.items);
    };

    // The blocks, with where the item allocation stands at each one's first member.
    const allocator = new ItemAllocator(seed, members, items, plan.totalWeight);
    const blockCount = Math.ceil(members / blockMembers);
    const blockInput = (index: number): BlockInput => {
      const start = index * blockMembers;
      const end = Math.min(members, start + blockMembers);
      const input: BlockInput = { index, start, end, alloc: allocator.state };
      for (let i = start; i < end; i++) allocator.next(i);
      return input;
    };

    if (workerCount === 0) {
      const maker = new BlockMaker(plan);
      const direct = { members: membersOut, content: contentOut };
      for (let b = 0; b < blockCount; b++) await consume(maker.make(blockInput(b), direct));
    } else {
      // Block b goes to worker b mod n; a worker answers its blocks in order, so the answers can be
      // awaited in block order.
      const waiting: ((out: BlockOutput) => void)[][] = [];
      let failure: ((e: unknown) => void) | undefined;
      const failed = new Promise<never>((_, reject) => { failure = reject; });
      failed.catch(() => undefined);
      for (let k = 0; k < workerCount; k++) {
        // A worker's live data is small (caches, one block); a cap keeps V8 from growing its heap idly.
        const worker = new Worker(WORKER_URL, { workerData: plan, resourceLimits: { maxOldGenerationSizeMb: 256 } });
        const queue: ((out: BlockOutput) => void)[] = [];
        worker.on('message', (out: BlockOutput) => queue.shift()?.(out));
        worker.on('error', (e) => failure?.(e));
        worker.on('exit', (code) => { if (code !== 0) failure?.(new Error(`generate worker exited with ${code}`)); });
        workers.push(worker);
        waiting.push(queue);
      }
      const results: Promise<BlockOutput>[] = [];
      const send = (b: number): void => {
        const k = b % workerCount;
        results[b] = new Promise<BlockOutput>((resolve) => (waiting[k] as ((out: BlockOutput) => void)[]).push(resolve));
        (workers[k] as Worker).postMessage(blockInput(b));
      };
      let sent = 0;
      for (; sent < Math.min(blockCount, workerCount * DEPTH); sent++) send(sent);
      for (let b = 0; b < blockCount; b++) {
        const out = await Promise.race([results[b] as Promise<BlockOutput>, failed]);
        delete results[b];
        if (sent < blockCount) send(sent++);
        await consume(out);
      }
    }
    for (const worker of workers) await worker.terminate();
    workers.length = 0;

    const pool = new PersonPool(seed, PersonPool.sizeFor(members));
    for (const o of poolObjections(seed, pool, refs, fmt, objStats)) {
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
    const { items: madeItems, rows: _rows, ...contentRest } = contentStats;
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
    report.done(contentStats.items);
    return summary;
  } catch (error) {
    for (const worker of workers) await worker.terminate();
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
