/**
 * The audit report a regulator asks for (the Irish DPC asked LinkedIn for one five months after
 * training began): over a period, the notices served by region and when, opt-outs and objections by
 * region and method over time, the rates they make per region, minors and sensitive groups excluded,
 * exclusions by reason and redactions per build, the ledger's verification and the policy versions
 * in force. `collectAuditFacts` reads the store; `buildAuditReport` is pure.
 */
import { decidingEvent } from '../decision/consent-state.js';
import { REASONS } from '../decision/reasons.js';
import type { Member } from '../domain/entities.js';
import { formatTime, type Millis } from '../domain/time.js';
import { asOf as rowAsOf } from '../domain/versioned.js';
import type { ChainCheck } from '../ledger/chain.js';
import type { ConsentEntry, LedgerHead, NoticeEntry } from '../ledger/entry.js';
import { verifyLedger } from '../ledger/verify-ledger.js';
import { regionOf, type Policy } from '../policy/policy.js';
import type { DatasetRecord, ObjectionRecord, Store } from '../storage/store.js';

export const NON_MEMBER = 'non-member';
export const NO_REGION = 'no-region';

export interface AuditFacts {
  members: Map<string, Member[]>;
  ledgers: Map<string, { events: ConsentEntry[]; notices: NoticeEntry[] }>;
  objections: ObjectionRecord[];
  datasets: DatasetRecord[];
  head: LedgerHead;
  verification?: ChainCheck;
}

export async function collectAuditFacts(store: Store, options: { verify?: boolean } = {}): Promise<AuditFacts> {
  const ledgers = new Map<string, { events: ConsentEntry[]; notices: NoticeEntry[] }>();
  for await (const l of store.allSubjectLedgers()) ledgers.set(l.subject, { events: l.events, notices: l.notices });
  const members = new Map<string, Member[]>();
  for await (const rows of store.allMemberRows()) members.set(rows[0]!.id, rows);
  const [objections, datasets, head] = await Promise.all([store.objections(), store.datasets(), store.head()]);
  const facts: AuditFacts = { members, ledgers, objections, datasets, head };
  if (options.verify) facts.verification = await verifyLedger(store);
  return facts;
}

export type Counter = Record<string, number>;

export interface Series {
  /** Bucket labels: `YYYY-MM` (monthly) or the Monday `YYYY-MM-DD` (weekly). */
  labels: string[];
  /** Series name → one value per label. */
  values: Record<string, number[]>;
}

export interface BuildSummary {
  datasetId: string;
  asOf: string;
  builtAt: string;
  policy: { id: string; version: number; sha256: string };
  ledger: LedgerHead;
  considered: number;
  included: number;
  excluded: Counter;
  redactions: Counter;
  transforms: Counter;
  merkleRoot: string | null;
}

export interface AuditReport {
  kind: 'consentgate.audit-report';
  version: 1;
  period: { from: string; to: string; bucket: 'week' | 'month' };
  generatedAt: string;
  policy: { id: string; version: number; sha256: string; purpose: string; honorGpc: boolean; regions: { name: string; effectiveFrom: string | null; default: string; legalBasis: string | null; notice: string | null; excluded: boolean }[] };
  policyVersions: { id: string; version: number; sha256: string; inForce: boolean; builds: number; firstAsOf: string | null; lastAsOf: string | null }[];
  ledger: { head: LedgerHead; verification: { ok: boolean; entries?: number; firstBadSeq?: number; why?: string } | null };
  notices: { total: number; byRegion: Record<string, { total: number; byVersion: Counter; byChannel: Counter }>; overTime: Series };
  choices: {
    optOuts: { total: number; byRegion: Record<string, Counter>; overTime: Series };
    optIns: { total: number; byRegion: Record<string, Counter> };
    objections: { total: number; members: number; nonMembers: number; byPurpose: Counter; byRegion: Counter; identifiersKept: number; identifiersErased: number; overTime: Series };
    gpcSignals: { total: number; honoredForPolicyPurpose: boolean };
  };
  rates: { regions: string[]; labels: string[]; population: Record<string, number[]>; optedOutPct: Record<string, number[]>; objectedPct: Record<string, number[]> };
  builds: BuildSummary[];
  protected: { minorsExcluded: number; sensitiveGroupExcluded: number; perBuild: { datasetId: string; minor: number; sensitiveGroup: number }[] };
}

const MONTH_BUCKETS_ABOVE_DAYS = 120;

/** Bucket boundaries covering [from, to]: each label with its start and end (exclusive). */
export function buckets(from: Millis, to: Millis): { unit: 'week' | 'month'; list: { label: string; start: Millis; end: Millis }[] } {
  const list: { label: string; start: Millis; end: Millis }[] = [];
  if ((to - from) / 86_400_000 > MONTH_BUCKETS_ABOVE_DAYS) {
    const d = new Date(from);
    let start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    while (start <= to) {
      const s = new Date(start);
      const end = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1);
      list.push({ label: formatTime(start).slice(0, 7), start, end });
      start = end;
    }
    return { unit: 'month', list };
  }
  const day = new Date(from);
  const dow = (day.getUTCDay() + 6) % 7;
  let start = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - dow);
  while (start <= to) {
    const end = start + 7 * 86_400_000;
    list.push({ label: formatTime(start).slice(0, 10), start, end });
    start = end;
  }
  return { unit: 'week', list };
}

function bucketIndex(list: { start: Millis; end: Millis }[], t: Millis): number {
  let lo = 0, hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < list[mid]!.start) hi = mid - 1;
    else if (t >= list[mid]!.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

const inc = (c: Counter, k: string, n = 1): void => { c[k] = (c[k] ?? 0) + n; };

export function buildAuditReport(f: AuditFacts, policy: Policy, period: { from: Millis; to: Millis }, now: Millis): AuditReport {
  const { from, to } = period;
  const { unit, list } = buckets(from, to);
  const labels = list.map((b) => b.label);
  const zeros = (): number[] => labels.map(() => 0);
  const regionAt = (subject: string, t: Millis): string => {
    const rows = f.members.get(subject);
    if (!rows) return NON_MEMBER;
    return regionOf(policy, rowAsOf(rows, t)?.country)?.name ?? NO_REGION;
  };
  const inPeriod = (t: Millis): boolean => t >= from && t <= to;

  // Notices served.
  const notices: AuditReport['notices'] = { total: 0, byRegion: {}, overTime: { labels, values: {} } };
  // Choices.
  const optOuts: AuditReport['choices']['optOuts'] = { total: 0, byRegion: {}, overTime: { labels, values: {} } };
  const optIns: AuditReport['choices']['optIns'] = { total: 0, byRegion: {} };
  const objSeries: Series = { labels, values: {} };
  let gpcSignals = 0;
  for (const [subject, l] of f.ledgers) {
    for (const n of l.notices) {
      if (!inPeriod(n.at)) continue;
      const region = regionAt(subject, n.at);
      notices.total++;
      const r = (notices.byRegion[region] ??= { total: 0, byVersion: {}, byChannel: {} });
      r.total++;
      inc(r.byVersion, n.noticeVersion);
      inc(r.byChannel, n.channel);
      const i = bucketIndex(list, n.at);
      if (i >= 0) (notices.overTime.values[region] ??= zeros())[i]!++;
    }
    for (const e of l.events) {
      if (!inPeriod(e.at)) continue;
      if (e.method === 'gpc') gpcSignals++;
      const region = regionAt(subject, e.at);
      const i = bucketIndex(list, e.at);
      if (e.method === 'objection-form') {
        if (i >= 0) (objSeries.values[region] ??= zeros())[i]!++;
        continue;
      }
      if (e.choice === 'deny') {
        optOuts.total++;
        inc((optOuts.byRegion[region] ??= {}), e.method);
        if (i >= 0) (optOuts.overTime.values[e.method] ??= zeros())[i]!++;
      } else {
        optIns.total++;
        inc((optIns.byRegion[region] ??= {}), e.method);
      }
    }
  }

  const objections: AuditReport['choices']['objections'] = { total: 0, members: 0, nonMembers: 0, byPurpose: {}, byRegion: {}, identifiersKept: 0, identifiersErased: 0, overTime: objSeries };
  for (const o of f.objections) {
    if (!inPeriod(o.entry.at)) continue;
    objections.total++;
    const member = f.members.has(o.entry.subject);
    if (member) objections.members++;
    else objections.nonMembers++;
    inc(objections.byPurpose, o.entry.purpose);
    inc(objections.byRegion, regionAt(o.entry.subject, o.entry.at));
    // An objection filed without identifiers has nothing to erase; one with a commitment but no row was erased.
    if (o.identifiers) objections.identifiersKept++;
    else if (o.entry.personalData !== undefined) objections.identifiersErased++;
  }

  // Rates per region at the end of each bucket: the share of the region's open accounts whose
  // consent for the policy's purpose is a deny, by what decided it.
  const regionNames = [...policy.regions.map((r) => r.name)];
  const population: Record<string, number[]> = {};
  const optedOut: Record<string, number[]> = {};
  const objected: Record<string, number[]> = {};
  for (const name of regionNames) { population[name] = zeros(); optedOut[name] = zeros(); objected[name] = zeros(); }
  const empty: ConsentEntry[] = [];
  for (const [id, rows] of f.members) {
    const events = f.ledgers.get(id)?.events ?? empty;
    list.forEach((b, i) => {
      const t = Math.min(b.end - 1, to);
      const m = rowAsOf(rows, t);
      if (!m || m.joinedAt > t || (m.closedAt !== undefined && m.closedAt <= t)) return;
      const region = regionOf(policy, m.country)?.name;
      if (region === undefined) return;
      population[region]![i]!++;
      if (events.length === 0) return;
      const e = decidingEvent(events, { purpose: policy.purpose, asOf: t, honorGpc: policy.honorGpc });
      if (e?.choice !== 'deny') return;
      if (e.method === 'objection-form') objected[region]![i]!++;
      else optedOut[region]![i]!++;
    });
  }
  const pct = (num: number[], den: number[]): number[] => num.map((n, i) => (den[i]! > 0 ? Math.round((n / den[i]!) * 10000) / 100 : 0));
  const rates: AuditReport['rates'] = {
    regions: regionNames, labels, population,
    optedOutPct: Object.fromEntries(regionNames.map((r) => [r, pct(optedOut[r]!, population[r]!)])),
    objectedPct: Object.fromEntries(regionNames.map((r) => [r, pct(objected[r]!, population[r]!)])),
  };

  const builds = f.datasets.filter((d) => inPeriod(d.builtAt)).map(buildSummary);
  const protectedGroups: AuditReport['protected'] = {
    minorsExcluded: builds.reduce((a, b) => a + (b.excluded.minor ?? 0), 0),
    sensitiveGroupExcluded: builds.reduce((a, b) => a + (b.excluded['sensitive-group'] ?? 0), 0),
    perBuild: builds.map((b) => ({ datasetId: b.datasetId, minor: b.excluded.minor ?? 0, sensitiveGroup: b.excluded['sensitive-group'] ?? 0 })),
  };

  const versions = new Map<string, AuditReport['policyVersions'][number]>();
  versions.set(policy.sha256, { id: policy.id, version: policy.version, sha256: policy.sha256, inForce: true, builds: 0, firstAsOf: null, lastAsOf: null });
  for (const b of builds) {
    const v = versions.get(b.policy.sha256) ?? { ...b.policy, inForce: false, builds: 0, firstAsOf: null, lastAsOf: null };
    v.builds++;
    if (v.firstAsOf === null || b.asOf < v.firstAsOf) v.firstAsOf = b.asOf;
    if (v.lastAsOf === null || b.asOf > v.lastAsOf) v.lastAsOf = b.asOf;
    versions.set(b.policy.sha256, v);
  }

  const v = f.verification;
  return {
    kind: 'consentgate.audit-report',
    version: 1,
    period: { from: formatTime(from), to: formatTime(to), bucket: unit },
    generatedAt: formatTime(now),
    policy: {
      id: policy.id, version: policy.version, sha256: policy.sha256, purpose: policy.purpose, honorGpc: policy.honorGpc,
      regions: policy.regions.map((r) => ({
        name: r.name, effectiveFrom: r.effectiveFrom !== undefined ? formatTime(r.effectiveFrom) : null, default: r.default,
        legalBasis: r.legalBasis ?? null, notice: r.notice?.version ?? null, excluded: r.excluded,
      })),
    },
    policyVersions: [...versions.values()],
    ledger: {
      head: f.head,
      verification: v === undefined ? null : v.ok ? { ok: true, entries: v.entries } : { ok: false, firstBadSeq: v.firstBadSeq, why: v.why },
    },
    notices,
    choices: { optOuts, optIns, objections, gpcSignals: { total: gpcSignals, honoredForPolicyPurpose: policy.honorGpc } },
    rates,
    builds,
    protected: protectedGroups,
  };
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function counter(v: unknown, keys?: readonly string[]): Counter {
  const out: Counter = {};
  if (keys) for (const k of keys) out[k] = 0;
  if (v && typeof v === 'object') for (const [k, n] of Object.entries(v)) out[k] = num(n);
  return out;
}

export function buildSummary(d: DatasetRecord): BuildSummary {
  const counts = (d.manifest.counts ?? {}) as Record<string, unknown>;
  return {
    datasetId: d.id,
    asOf: formatTime(d.asOf),
    builtAt: formatTime(d.builtAt),
    policy: d.policy,
    ledger: d.ledger,
    considered: num(counts.considered),
    included: num(counts.included),
    excluded: counter(counts.excluded, REASONS),
    redactions: counter(d.manifest.redactions, ['EMAIL', 'IBAN', 'CARD', 'ID', 'IP', 'PHONE']),
    transforms: counter(d.manifest.transforms),
    merkleRoot: typeof d.manifest.merkleRoot === 'string' ? d.manifest.merkleRoot : null,
  };
}

/** The period a report covers by default: from the earliest notice announcement or ledger entry to now. */
export function defaultPeriod(policy: Policy, facts: Pick<AuditFacts, 'ledgers'>, now: Millis): { from: Millis; to: Millis } {
  let from = now;
  for (const r of policy.regions) if (r.notice?.announcedAt !== undefined) from = Math.min(from, r.notice.announcedAt);
  for (const l of facts.ledgers.values()) {
    for (const e of l.events) if (e.at < from) from = e.at;
    for (const n of l.notices) if (n.at < from) from = n.at;
  }
  return { from, to: now };
}
