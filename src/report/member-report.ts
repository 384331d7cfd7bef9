/**
 * "How my data was used" (spec §1.6, GDPR Art. 15): for every dataset, how many of the member's
 * items went in, which were left out and why, with the member's choices, notices, objections and
 * the evidence kept about them. Reasons are recomputed with the ledger as the build saw it (entries
 * up to the build's ledger head), so a later choice does not rewrite the past.
 */
import { decide, type DecisionFacts } from '../decision/decide.js';
import { REASON_TEXT, type Reason } from '../decision/reasons.js';
import type { ContentItem, Group, Member } from '../domain/entities.js';
import { formatTime, type Millis } from '../domain/time.js';
import { asOf as rowAsOf } from '../domain/versioned.js';
import { publicEntry, type ConsentEntry, type NoticeEntry } from '../ledger/entry.js';
import type { Policy } from '../policy/policy.js';
import type { DatasetRecord, ObjectionRecord, PersonalDataRow, Store } from '../storage/store.js';
import { consentView, type ConsentView } from './consent-view.js';

export interface ReportItem {
  id: string;
  kind: ContentItem['kind'];
  createdAt: string;
  excerpt: string;
}

export interface ExcludedItem extends ReportItem {
  reason: Reason | null;
  reasons: Reason[];
  explanation: string;
}

export interface DatasetUse {
  datasetId: string;
  asOf: string;
  builtAt: string;
  policy: { id: string; version: number; sha256: string };
  ledger: { seq: number; hash: string };
  merkleRoot?: string;
  included: { count: number; items: ReportItem[] };
  excluded: { count: number; items: ExcludedItem[] };
  /** Items posted after the dataset's as-of moment: not part of it at all. */
  postedLater: number;
  /** Whether the reasons were worked out under the dataset's own policy or the one in force now. */
  reasonsUnder: 'dataset-policy' | 'policy-in-force';
}

export interface MemberReport {
  kind: 'consentgate.member-report';
  version: 1;
  memberId: string;
  generatedAt: string;
  member: Record<string, unknown>[];
  consent: ConsentView;
  ledger: { events: Record<string, unknown>[]; notices: Record<string, unknown>[] };
  objections: { seq: number; at: string; purpose: string; identifiers: Record<string, unknown> | null }[];
  items: { total: number };
  datasets: DatasetUse[];
}

export interface MemberFacts {
  memberId: string;
  rows: Member[];
  events: ConsentEntry[];
  notices: NoticeEntry[];
  personalData: PersonalDataRow[];
  objections: ObjectionRecord[];
  items: Map<string, ContentItem[]>;
  groups: Map<string, Group[]>;
  datasets: DatasetRecord[];
  included: Map<string, Set<string>>;
}

export async function loadMemberFacts(store: Store, memberId: string): Promise<MemberFacts | undefined> {
  const rows = await store.memberRows(memberId);
  if (rows.length === 0) return undefined;
  const [ledger, itemIds, datasets, uses] = await Promise.all([
    store.subjectLedger(memberId), store.memberItemIds(memberId), store.datasets(), store.memberDatasets(memberId),
  ]);
  const personalData = await store.personalDataOf(ledger.events.map((e) => e.seq));
  const items = new Map<string, ContentItem[]>();
  for (const id of itemIds) items.set(id, await store.itemRows(id));
  const groups = new Map<string, Group[]>();
  for (const r of items.values()) for (const row of r) {
    if (row.groupId !== undefined && !groups.has(row.groupId)) groups.set(row.groupId, await store.groupRows(row.groupId));
  }
  const ownObjections = ledger.events.filter((e) => e.method === 'objection-form');
  const objections: ObjectionRecord[] = ownObjections.map((entry) => {
    const pd = personalData.find((p) => p.seq === entry.seq && p.category === 'identifiers');
    return pd ? { entry, identifiers: pd.data as NonNullable<ObjectionRecord['identifiers']> } : { entry };
  });
  return {
    memberId, rows, events: ledger.events, notices: ledger.notices, personalData, objections, items, groups, datasets,
    included: new Map(uses.map((u) => [u.datasetId, new Set(u.itemIds)])),
  };
}

function excerpt(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 117)}...` : one;
}

function reportItem(rows: readonly ContentItem[], asOf: Millis): ReportItem {
  const r = rowAsOf(rows, asOf)!;
  return { id: r.id, kind: r.kind, createdAt: formatTime(r.createdAt), excerpt: excerpt(r.text) };
}

/** Pure: the report from the facts. `policies` maps a policy's sha256 to the policy, where known. */
export function buildMemberReport(f: MemberFacts, policyInForce: Policy, now: Millis, policies: ReadonlyMap<string, Policy> = new Map()): MemberReport {
  const datasets = f.datasets.map((d): DatasetUse => {
    const policy = policies.get(d.policy.sha256) ?? (d.policy.sha256 === policyInForce.sha256 ? policyInForce : undefined);
    const decider = policy ?? policyInForce;
    const inSet = f.included.get(d.id) ?? new Set<string>();
    const seen = (e: { seq: number }): boolean => e.seq <= d.ledger.seq;
    const events = f.events.filter(seen);
    const notices = f.notices.filter(seen);
    const included: ReportItem[] = [];
    const excluded: ExcludedItem[] = [];
    let postedLater = 0;
    for (const [id, rows] of [...f.items].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const created = rows[0]!.createdAt;
      if (created > d.asOf) {
        postedLater++;
        continue;
      }
      if (inSet.has(id)) {
        included.push(reportItem(rows, d.asOf));
        continue;
      }
      const facts: DecisionFacts = { item: rows, member: f.rows, groups: f.groups, events, notices };
      const decision = decide(facts, decider, d.asOf);
      const reasons = decision.reasons;
      excluded.push({
        ...reportItem(rows, d.asOf),
        reason: decision.reason,
        reasons,
        explanation: reasons.length > 0 ? reasons.map((r) => REASON_TEXT[r]).join(' ') : 'It was not part of this build\'s input.',
      });
    }
    const use: DatasetUse = {
      datasetId: d.id,
      asOf: formatTime(d.asOf),
      builtAt: formatTime(d.builtAt),
      policy: d.policy,
      ledger: d.ledger,
      included: { count: included.length, items: included },
      excluded: { count: excluded.length, items: excluded },
      postedLater,
      reasonsUnder: policy ? 'dataset-policy' : 'policy-in-force',
    };
    const root = d.manifest.merkleRoot;
    if (typeof root === 'string') use.merkleRoot = root;
    return use;
  });
  const pdBySeq = new Map(f.personalData.map((p) => [p.seq, p]));
  return {
    kind: 'consentgate.member-report',
    version: 1,
    memberId: f.memberId,
    generatedAt: formatTime(now),
    member: f.rows.map(memberJson),
    consent: consentView(f.memberId, f.rows, f.events, policyInForce, now),
    ledger: {
      events: f.events.map((e) => {
        const out = publicEntry(e);
        const pd = pdBySeq.get(e.seq);
        if (pd?.category === 'evidence') out.evidence = (pd.data as { evidence?: unknown }).evidence ?? pd.data;
        return out;
      }),
      notices: f.notices.map(publicEntry),
    },
    objections: f.objections.map((o) => ({ seq: o.entry.seq, at: formatTime(o.entry.at), purpose: o.entry.purpose, identifiers: o.identifiers ?? null })),
    items: { total: f.items.size },
    datasets,
  };
}

function memberJson(m: Member): Record<string, unknown> {
  const out: Record<string, unknown> = { id: m.id, name: m.name, country: m.country, joinedAt: formatTime(m.joinedAt) };
  if (m.birthDate !== undefined) out.birthDate = formatTime(m.birthDate).slice(0, 10);
  if (m.closedAt !== undefined) out.closedAt = formatTime(m.closedAt);
  if (m.inSecondarySchool !== undefined) out.inSecondarySchool = m.inSecondarySchool;
  if (m.validFrom !== undefined) out.validFrom = formatTime(m.validFrom);
  return out;
}
