/**
 * A small in-memory platform for tests: members, groups, items and ledger entries with real seqs
 * and hashes, and `decide` over them. Keeps table tests to one line of facts each.
 */
import type { ConsentEvent, ContentItem, Group, Member, NoticeServed } from '../domain/entities.js';
import { mustParseTime } from '../domain/time.js';
import { decide, type Decision } from '../decision/decide.js';
import type { ConsentEntry, LedgerEntry, NoticeEntry } from '../ledger/entry.js';
import { EMPTY_HEAD } from '../ledger/entry.js';
import { sealEntries, type UnsealedEntry } from '../ledger/seal.js';
import { loadPolicy } from '../policy/load-policy.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';
import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY_PATH } from '../policy/load-policy.js';

export const t = mustParseTime;
export const SECRET = Buffer.alloc(32, 7);

export type MemberInput = Omit<Partial<Member>, 'birthDate' | 'joinedAt' | 'closedAt' | 'validFrom'> & { birthDate?: string; closedAt?: string; validFrom?: string };
export type ItemInput = Omit<Partial<ContentItem>, 'createdAt' | 'deletedAt' | 'validFrom'> & { createdAt?: string; deletedAt?: string; validFrom?: string };

export class World {
  members = new Map<string, Member[]>();
  groups = new Map<string, Group[]>();
  items = new Map<string, ContentItem[]>();
  ledger: LedgerEntry[] = [];

  constructor(public policy: Policy = defaultPolicy()) {}

  member(id: string, input: MemberInput = {}): this {
    const m: Member = { id, name: input.name ?? id, country: input.country ?? 'US', joinedAt: t('2020-01-01') };
    if (input.birthDate) m.birthDate = t(input.birthDate);
    if (input.closedAt) m.closedAt = t(input.closedAt);
    if (input.inSecondarySchool !== undefined) m.inSecondarySchool = input.inSecondarySchool;
    if (input.validFrom) m.validFrom = t(input.validFrom);
    push(this.members, id, m);
    return this;
  }

  group(id: string, category?: string, validFrom?: string): this {
    const g: Group = { id, name: id };
    if (category) g.category = category;
    if (validFrom) g.validFrom = t(validFrom);
    push(this.groups, id, g);
    return this;
  }

  item(id: string, input: ItemInput = {}): this {
    const c: ContentItem = {
      id, memberId: input.memberId ?? 'm1', kind: input.kind ?? 'post', visibility: input.visibility ?? 'public',
      createdAt: t(input.createdAt ?? '2025-01-01'), text: input.text ?? 'hello',
    };
    if (input.groupId) c.groupId = input.groupId;
    if (input.deletedAt) c.deletedAt = t(input.deletedAt);
    if (input.validFrom) c.validFrom = t(input.validFrom);
    push(this.items, id, c);
    return this;
  }

  consent(subject: string, at: string, purpose: ConsentEvent['purpose'], choice: ConsentEvent['choice'], method: ConsentEvent['method'] = 'setting'): this {
    return this.#append({ kind: 'consent', event: { subject, at: t(at), purpose, choice, method } });
  }

  notice(subject: string, at: string, noticeVersion = 'eu-2025-11', channel: NoticeServed['channel'] = 'in-app'): this {
    return this.#append({ kind: 'notice', notice: { subject, at: t(at), noticeVersion, channel } });
  }

  #append(u: UnsealedEntry): this {
    const head = this.ledger.at(-1) ?? EMPTY_HEAD;
    this.ledger.push(...sealEntries(head, [u], SECRET).map((w) => w.entry));
    return this;
  }

  decide(itemId: string, asOf: string): Decision {
    const item = this.items.get(itemId);
    if (!item) throw new Error(`no item ${itemId}`);
    const memberId = item[0]!.memberId;
    const mine = this.ledger.filter((e) => e.subject === memberId);
    return decide(
      {
        item, member: this.members.get(memberId), groups: this.groups,
        events: mine.filter((e): e is ConsentEntry => e.kind === 'consent'),
        notices: mine.filter((e): e is NoticeEntry => e.kind === 'notice'),
      },
      this.policy,
      t(asOf),
    );
  }
}

function push<T>(map: Map<string, T[]>, id: string, row: T): void {
  const rows = map.get(id) ?? [];
  rows.push(row);
  map.set(id, rows);
}

let cached: Policy | undefined;
export function defaultPolicy(): Policy {
  cached ??= loadPolicy();
  return cached;
}

/** The default policy with some top-level lines replaced (YAML text edits keep the test readable). */
export function policyWith(edit: (yaml: string) => string): Policy {
  const result = parsePolicy(edit(readFileSync(DEFAULT_POLICY_PATH, 'utf8')), 'test-policy.yaml');
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.value;
}
