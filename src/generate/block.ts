/**
 * A block of consecutive members and everything they produce: their member rows, their items, their
 * consent events and notices, their own objections, the non-members they wrote about, and counts.
 * Blocks are independent given where the item allocation stands at their first member, so they can
 * be made on worker threads and put back together in member order: the files are the same bytes
 * whatever the number of threads or the block size.
 */
import { ItemAllocator, type AllocatorState } from './allocation.js';
import { ChunkSink, type LineSink } from './chunks.js';
import { emptyLedgerStats, memberLedger, type LedgerStats } from './consent.js';
import { ContentMaker, emptyContentStats, type ContentStats, type PersonRefs } from './content.js';
import type { GroupSet } from './groups.js';
import { memberFacts, memberId, memberName, memberRows } from './members.js';
import type { PersonName } from './names.js';
import { emptyObjectionStats, memberObjection, type ObjectionOut, type ObjectionStats } from './objections.js';
import { PersonPool } from './persons.js';
import { emptyCounts, type PiiCounts } from './pii.js';
import { seedWords, type Rng } from './prng.js';
import { TextBuilder } from './texts.js';
import { fastFormatTime } from './timefmt.js';
import { EFFECTIVE, regionOfCountry } from './world.js';

/** What every thread needs to make any block. Plain data: it is sent to workers as is. */
export interface PlatformPlan {
  seed: string | number;
  members: number;
  items: number;
  totalWeight: number;
  groupCount: number;
  groupCategory: Uint8Array;
}

export interface BlockInput {
  index: number;
  start: number;
  end: number;
  alloc: AllocatorState;
}

export interface PopulationStats {
  byCountry: Record<string, number>;
  byRegion: Record<string, number>;
  ageGroups: Record<string, number>;
  inSecondarySchool: number;
  movers: number;
  closed: number;
}

export function emptyPopulation(): PopulationStats {
  return { byCountry: {}, byRegion: {}, ageGroups: {}, inSecondarySchool: 0, movers: 0, closed: 0 };
}

export interface BlockOutput {
  index: number;
  /** Encoded member and content lines, when made on a worker (empty when written directly). */
  members: Uint8Array[];
  memberRows: number;
  content: Uint8Array[];
  contentRows: number;
  eventAt: number[];
  eventLines: string[];
  noticeAt: number[];
  noticeLines: string[];
  objections: ObjectionOut[];
  /** Objectors of the pool written about in this block, in the order first written about. */
  refs: [number, PersonRefs][];
  population: PopulationStats;
  contentStats: ContentStats;
  pii: PiiCounts;
  ledger: LedgerStats;
  objectionStats: ObjectionStats;
}

function bump(rec: Record<string, number>, key: string): void {
  rec[key] = (rec[key] ?? 0) + 1;
}

/** One thread's tools, reused from block to block. */
export class BlockMaker {
  private readonly seed: [number, number, number, number];
  private readonly pool: PersonPool;
  private readonly text: TextBuilder;
  private readonly content: ContentMaker;
  private readonly mentionCache = new Map<number, PersonName>();
  private author = 0;

  constructor(private readonly plan: PlatformPlan) {
    this.seed = seedWords(plan.seed);
    const groups: GroupSet = { count: plan.groupCount, category: plan.groupCategory, rows: 0 };
    this.pool = new PersonPool(this.seed, PersonPool.sizeFor(plan.members));
    this.text = new TextBuilder(this.pool, (rng) => this.mention(rng), emptyCounts());
    this.content = new ContentMaker(this.seed, groups, this.pool, this.text, fastFormatTime, EFFECTIVE);
  }

  /** `@[Display Name](member:ID)` for a member near the author or anywhere, or for a non-member. */
  private mention(rng: Rng): string {
    const members = this.plan.members;
    if (rng.chance(0.01)) {
      // Someone who is not (or no longer) a member of this platform.
      return `@[${this.pool.get(this.pool.choose(rng)).name}](member:x-${rng.digits(7)})`;
    }
    let j = rng.chance(0.5) ? this.author - 200 + rng.int(401) : rng.int(members);
    if (j < 0 || j >= members) j = rng.int(members);
    if (j === this.author && members > 1) j = (j + 1) % members;
    let f = this.mentionCache.get(j);
    if (f === undefined) {
      // Bounded: cleared when full (a few MB at most).
      if (this.mentionCache.size >= 65_536) this.mentionCache.clear();
      f = memberName(this.seed, j);
      this.mentionCache.set(j, f);
    }
    return `@[${rng.chance(0.15) ? f.given : f.display}](member:${memberId(j)})`;
  }

  /**
   * Makes a block. Member and content lines go to `direct` when given (the files' writers, in the
   * main thread), else into chunks returned with the output (from a worker thread).
   */
  make(input: BlockInput, direct?: { members: LineSink; content: LineSink }): BlockOutput {
    const { seed, plan } = this;
    const fmt = fastFormatTime;
    const membersChunks = direct ? undefined : new ChunkSink(1 << 18);
    const contentChunks = direct ? undefined : new ChunkSink(1 << 20);
    const membersOut: LineSink = direct?.members ?? (membersChunks as ChunkSink);
    const contentOut: LineSink = direct?.content ?? (contentChunks as ChunkSink);
    const eventAt: number[] = [], eventLines: string[] = [], noticeAt: number[] = [], noticeLines: string[] = [];
    const sink = {
      event: (at: number, line: string): void => { eventAt.push(at); eventLines.push(line); },
      notice: (at: number, line: string): void => { noticeAt.push(at); noticeLines.push(line); },
    };
    const population = emptyPopulation();
    const ledger = emptyLedgerStats();
    const objectionStats = emptyObjectionStats();
    const objections: ObjectionOut[] = [];
    const pii = emptyCounts();
    this.text.counts = pii;
    this.content.stats = emptyContentStats();
    this.content.refs = new Map();
    this.content.nextId = input.alloc.handed + 1;
    const alloc = new ItemAllocator(seed, plan.members, plan.items, plan.totalWeight, input.alloc);
    const contentWrite = (line: string): number => contentOut.write(line);

    for (let i = input.start; i < input.end; i++) {
      const m = memberFacts(seed, i);
      this.author = i;
      membersOut.write(memberRows(m, fmt), 1 + m.changes.length);
      bump(population.byCountry, m.country);
      bump(population.byRegion, regionOfCountry(m.country));
      bump(population.ageGroups, m.ageGroup);
      if (m.inSecondarySchool === true || m.changes.some((c) => c.inSecondarySchool === true)) population.inSecondarySchool++;
      if (m.changes.some((c) => c.country !== undefined)) population.movers++;
      if (m.closedAt !== undefined) population.closed++;

      this.content.member(m, alloc.next(i), contentWrite);
      memberLedger(seed, m, fmt, sink, ledger);
      const own = memberObjection(seed, m, plan.members, fmt, objectionStats);
      if (own) objections.push(own);
    }

    return {
      index: input.index,
      members: membersChunks?.take() ?? [],
      memberRows: membersChunks?.lines ?? 0,
      content: contentChunks?.take() ?? [],
      contentRows: contentChunks?.lines ?? 0,
      eventAt, eventLines, noticeAt, noticeLines, objections,
      refs: [...this.content.refs.entries()],
      population,
      contentStats: this.content.stats,
      pii,
      ledger,
      objectionStats,
    };
  }
}

/** The buffers of a block's output, to transfer rather than copy to the main thread. */
export function transferables(out: BlockOutput): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const c of [...out.members, ...out.content]) if (c.buffer instanceof ArrayBuffer) seen.add(c.buffer);
  return [...seen];
}

// ------------------------------------------------------------------------------------------ merging

export function addRecord(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

export function addPopulation(into: PopulationStats, from: PopulationStats): void {
  addRecord(into.byCountry, from.byCountry);
  addRecord(into.byRegion, from.byRegion);
  addRecord(into.ageGroups, from.ageGroups);
  into.inSecondarySchool += from.inSecondarySchool;
  into.movers += from.movers;
  into.closed += from.closed;
}

export function addContentStats(into: ContentStats, from: ContentStats): void {
  into.items += from.items;
  into.rows += from.rows;
  into.textBytes += from.textBytes;
  addRecord(into.byKind, from.byKind);
  addRecord(into.byVisibility, from.byVisibility);
  addRecord(into.byGroupCategory, from.byGroupCategory);
  into.deleted += from.deleted;
  into.edited += from.edited;
  into.madePrivate += from.madePrivate;
  into.afterEffective += from.afterEffective;
  into.mentions += from.mentions;
}

export function addPii(into: PiiCounts, from: PiiCounts): void {
  into.EMAIL += from.EMAIL;
  into.IBAN += from.IBAN;
  into.CARD += from.CARD;
  into.ID += from.ID;
  into.IP += from.IP;
  into.PHONE += from.PHONE;
  into.negatives += from.negatives;
}

export function addLedger(into: LedgerStats, from: LedgerStats): void {
  into.events += from.events;
  into.notices += from.notices;
  addRecord(into.byMethod, from.byMethod);
  addRecord(into.byPurpose, from.byPurpose);
  addRecord(into.byChoice, from.byChoice);
  addRecord(into.noticesByVersion, from.noticesByVersion);
  addRecord(into.noticesByChannel, from.noticesByChannel);
  addRecord(into.optOutsByRegion, from.optOutsByRegion);
  into.neverNotified += from.neverNotified;
  into.notifiedLate += from.notifiedLate;
  into.sameInstant += from.sameInstant;
}

export function addObjectionStats(into: ObjectionStats, from: ObjectionStats): void {
  into.objections += from.objections;
  into.byMembers += from.byMembers;
  into.oneWordNames += from.oneWordNames;
  into.withdrawn += from.withdrawn;
}

/** Adds a block's references to the platform's, as if one thread had made both in order. */
export function addRefs(into: Map<number, PersonRefs>, from: readonly [number, PersonRefs][]): void {
  for (const [k, r] of from) {
    const have = into.get(k);
    if (have === undefined) {
      into.set(k, { urls: r.urls.slice(0, 2), firstAt: r.firstAt, use: r.use });
      continue;
    }
    for (const u of r.urls) if (have.urls.length < 2) have.urls.push(u);
    if (r.firstAt < have.firstAt) have.firstAt = r.firstAt;
    have.use |= r.use;
  }
}
