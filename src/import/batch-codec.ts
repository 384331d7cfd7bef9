/**
 * Compact form of a parsed batch for the hop from the parsing worker to the writer. Structured
 * clone of entity objects costs the receiving thread about as much as parsing the JSON did
 * (measured: 4-6 µs a content row, 25 µs a ledger entry with its nested parts), so a batch travels
 * as one string holding every string field end to end and one transferred Float64Array holding the
 * string lengths (-1: absent) and the numbers (NaN: absent), field by field in a fixed layout per
 * kind. One string and one buffer clone at memory speed; the writer slices the fields back out.
 * Text is well-formed (the readers refuse lone surrogates), so it survives the hop exactly.
 */
import type { ContentItem, Group, Member } from '../domain/entities.js';
import type { Issue } from '../domain/issues.js';
import type { ConsentEntry } from '../ledger/entry.js';
import type { UnsealedEntry } from '../ledger/seal.js';
import { entriesOfCopy } from '../storage/postgres/postgres-ledger-copy.js';
import type { LedgerCopy } from '../storage/store.js';
import type { ImportKind, ParsedBatch } from './parse-batch.js';

export interface EncodedBatch {
  kind: ImportKind;
  count: number;
  text: string;
  meta: Float64Array<ArrayBuffer>;
  lineNos: Int32Array<ArrayBuffer>;
  bad?: Issue;
  /** The ledger's rows as COPY text, as parsed (a few strings: they travel as they are). */
  copy?: LedgerCopy;
}

type Field = string | number | undefined;

class Writer {
  text = '';
  // Grown by doubling: a number[] of mixed -1/NaN/lengths, copied at the end, cost more.
  meta = new Float64Array(1024);
  m = 0;
  s(v: string | undefined): void {
    if (this.m === this.meta.length) this.grow();
    if (v === undefined) this.meta[this.m++] = -1;
    else {
      this.meta[this.m++] = v.length;
      this.text += v;
    }
  }
  n(v: number | undefined): void {
    if (this.m === this.meta.length) this.grow();
    this.meta[this.m++] = v === undefined ? Number.NaN : v;
  }
  grow(): void {
    const bigger = new Float64Array(this.meta.length * 2);
    bigger.set(this.meta);
    this.meta = bigger;
  }
  /** The meta values written, in a buffer of their own (it is transferred). */
  done(): Float64Array<ArrayBuffer> {
    return this.meta.slice(0, this.m);
  }
}

class Reader {
  #at = 0;
  #m = 0;
  constructor(readonly text: string, readonly meta: Float64Array) {}
  s(): string | undefined {
    const len = this.meta[this.#m++]!;
    if (len < 0) return undefined;
    const v = this.text.slice(this.#at, this.#at + len);
    this.#at += len;
    return v;
  }
  str(): string {
    return this.s() as string;
  }
  n(): number | undefined {
    const v = this.meta[this.#m++]!;
    return Number.isNaN(v) ? undefined : v;
  }
  num(): number {
    return this.meta[this.#m++]!;
  }
}

/** Sets `o[k] = v` unless `v` is undefined (exactOptionalPropertyTypes: absent, not undefined). */
function opt<T extends object, K extends keyof T>(o: T, k: K, v: Field | boolean): void {
  if (v !== undefined) (o as Record<K, unknown>)[k] = v;
}

export function encodeBatch(batch: ParsedBatch): EncodedBatch {
  const w = new Writer();
  // With COPY rows the entries travel as those rows alone (`entriesOfCopy` reads them back).
  const copy = 'copy' in batch ? batch.copy : undefined;
  if (copy === undefined) switch (batch.kind) {
    case 'members':
      for (const m of batch.values) {
        w.s(m.id); w.s(m.name); w.s(m.country); w.n(m.birthDate); w.n(m.joinedAt); w.n(m.closedAt);
        w.n(m.inSecondarySchool === undefined ? undefined : m.inSecondarySchool ? 1 : 0); w.n(m.validFrom);
      }
      break;
    case 'groups':
      for (const g of batch.values) {
        w.s(g.id); w.s(g.name); w.s(g.category); w.n(g.validFrom);
      }
      break;
    case 'content':
      for (const c of batch.values) {
        w.s(c.id); w.s(c.memberId); w.s(c.kind); w.s(c.visibility); w.s(c.groupId); w.n(c.createdAt); w.n(c.deletedAt); w.s(c.text); w.n(c.validFrom);
      }
      break;
    default:
      for (const u of batch.values) {
        const sealed = u.sealed!;
        const b = sealed.body as Record<string, unknown>;
        w.s(u.kind); w.s(b.subject as string); w.n(b.at as number); w.s(b.purpose as string | undefined); w.s(b.choice as string | undefined);
        w.s(b.method as string | undefined); w.s(b.noticeVersion as string | undefined); w.s(b.channel as string | undefined); w.s(b.personalData as string | undefined);
        w.s(sealed.key);
        const pd = u.kind === 'consent' ? u.personalData : undefined;
        w.s(pd?.category); w.s(pd === undefined ? undefined : sealed.dataJson ?? JSON.stringify(pd.data));
        w.n(sealed.chained?.seq); w.s(sealed.chained?.previous); w.s(sealed.chained?.hash);
      }
  }
  const out: EncodedBatch = { kind: batch.kind, count: batch.values.length, text: w.text, meta: w.done(), lineNos: Int32Array.from(batch.lineNos) };
  if (batch.bad !== undefined) out.bad = batch.bad;
  if (copy !== undefined) out.copy = copy;
  return out;
}

/** Personal data as JSON, parsed on first read (a class: a literal with a getter is slow to build). */
class LazyData {
  #json: string;
  #data: unknown;
  constructor(readonly category: string, json: string) {
    this.#json = json;
  }
  get data(): unknown {
    return (this.#data ??= JSON.parse(this.#json));
  }
}

export function decodeBatch(e: EncodedBatch): ParsedBatch {
  const r = new Reader(e.text, e.meta);
  const lineNos = Array.from(e.lineNos);
  const bad = e.bad === undefined ? {} : { bad: e.bad };
  switch (e.kind) {
    case 'members': {
      const values: Member[] = [];
      for (let i = 0; i < e.count; i++) {
        const m: Member = { id: r.str(), name: r.str(), country: r.str(), joinedAt: 0 };
        opt(m, 'birthDate', r.n());
        m.joinedAt = r.num();
        opt(m, 'closedAt', r.n());
        const school = r.n();
        opt(m, 'inSecondarySchool', school === undefined ? undefined : school === 1);
        opt(m, 'validFrom', r.n());
        values.push(m);
      }
      return { kind: e.kind, values, lineNos, ...bad };
    }
    case 'groups': {
      const values: Group[] = [];
      for (let i = 0; i < e.count; i++) {
        const g: Group = { id: r.str(), name: r.str() };
        opt(g, 'category', r.s());
        opt(g, 'validFrom', r.n());
        values.push(g);
      }
      return { kind: e.kind, values, lineNos, ...bad };
    }
    case 'content': {
      const values: ContentItem[] = [];
      for (let i = 0; i < e.count; i++) {
        const id = r.str(), memberId = r.str(), kind = r.str() as ContentItem['kind'], visibility = r.str() as ContentItem['visibility'];
        const groupId = r.s();
        const createdAt = r.num();
        const deletedAt = r.n();
        const c: ContentItem = { id, memberId, kind, visibility, createdAt, text: '' };
        opt(c, 'groupId', groupId);
        opt(c, 'deletedAt', deletedAt);
        c.text = r.str();
        opt(c, 'validFrom', r.n());
        values.push(c);
      }
      return { kind: e.kind, values, lineNos, ...bad };
    }
    default: {
      const copy = e.copy;
      if (copy === undefined) return { kind: e.kind, values: decodeEntries(e), lineNos, ...bad } as ParsedBatch;
      // The entries are read back only if the writer cannot take the rows as they are.
      let values: UnsealedEntry[] | undefined;
      return { kind: e.kind, get values() { return (values ??= entriesOfCopy(copy)); }, lineNos, copy, ...bad } as ParsedBatch;
    }
  }
}

function decodeEntries(e: EncodedBatch): UnsealedEntry[] {
  const r = new Reader(e.text, e.meta);
  const values: UnsealedEntry[] = [];
  for (let i = 0; i < e.count; i++) {
    const kind = r.str(), subject = r.str(), at = r.num(), purpose = r.s(), choice = r.s(), method = r.s(), noticeVersion = r.s(), channel = r.s(), hmac = r.s();
    const key = r.str(), category = r.s(), dataJson = r.s(), seq = r.n(), previous = r.s(), hash = r.s();
    let u: UnsealedEntry;
    if (kind === 'notice') {
      const notice = { subject, at, noticeVersion: noticeVersion!, channel: channel as never };
      u = { kind: 'notice', notice, sealed: { body: { kind: 'notice', ...notice }, key } };
    } else {
      const event = { subject, at, purpose: purpose as never, choice: choice as never, method: method as never };
      opt(event, 'noticeVersion' as never, noticeVersion);
      const body: Omit<ConsentEntry, 'seq' | 'hash'> = { kind: 'consent' as const, ...event };
      opt(body, 'personalData', hmac);
      u = { kind: 'consent', event, sealed: { body, key } };
      if (category !== undefined && dataJson !== undefined) {
        // Parsed only if a backend asks for the object; SQLite stores the JSON as it is.
        u.personalData = new LazyData(category, dataJson) as never;
        u.sealed!.dataJson = dataJson;
      }
    }
    if (seq !== undefined && previous !== undefined && hash !== undefined) u.sealed!.chained = { seq, previous, hash };
    values.push(u);
  }
  return values;
}
