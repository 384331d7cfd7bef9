/**
 * Compact form of a parsed batch for the hop from the parsing worker to the writer. Structured
 * clone of entity objects costs the receiving thread about as much as parsing the JSON did
 * (measured: 4-6 µs a content row, 25 µs a ledger entry with its nested parts), so a batch travels
 * as one string holding every string field end to end and one transferred Float64Array holding the
 * string lengths (-1: absent) and the numbers (NaN: absent), field by field in a fixed layout per
 * kind. One string and one buffer clone at memory speed; the writer slices the fields back out.
 * Text is well-formed (the readers refuse lone surrogates), so it survives the hop exactly.
 */
import { CHANNELS, CHOICES, METHODS, type ContentItem, type Group, type Member } from '../domain/entities.js';
import type { Issue } from '../domain/issues.js';
import type { ConsentEntry } from '../ledger/entry.js';
import { entryJsonParts } from '../ledger/chain.js';
import { sealBody, type ChainAhead, type SealedBody, type UnsealedEntry } from '../ledger/seal.js';
import { PURPOSES } from '../domain/purpose.js';
import { entriesOfCopy } from '../storage/postgres/postgres-ledger-copy.js';
import type { LedgerCopy } from '../storage/store.js';
import type { ImportKind, ParsedBatch } from './parse-batch.js';

export interface EncodedBatch {
  kind: ImportKind;
  count: number;
  /** Each record's string fields end to end, as UTF-8, record after record (`recordBytes` long each). */
  bytes: Uint8Array<ArrayBuffer>;
  recordBytes: Int32Array<ArrayBuffer>;
  meta: Float64Array<ArrayBuffer>;
  lineNos: Int32Array<ArrayBuffer>;
  bad?: Issue;
  /** The ledger's rows as COPY text, as parsed (a few strings: they travel as they are). */
  copy?: LedgerCopy;
}

/** Buffers of a batch the writer has read, handed back for the next batch (see `encodeBatch`). */
export interface SpareBuffers {
  bytes?: ArrayBuffer;
  meta?: ArrayBuffer;
}

type Field = string | number | undefined;

class Writer {
  /** The record being written: a short string, written out as UTF-8 at its end. */
  record = '';
  bytes: Buffer;
  b = 0;
  recordBytes: number[] = [];
  // Grown by doubling: a number[] of mixed -1/NaN/lengths, copied at the end, cost more.
  meta: Float64Array<ArrayBuffer>;
  m = 0;
  constructor(spare: SpareBuffers) {
    this.bytes = spare.bytes === undefined ? Buffer.allocUnsafeSlow(1 << 19) : Buffer.from(spare.bytes);
    this.meta = spare.meta === undefined ? new Float64Array(1 << 14) : new Float64Array(spare.meta);
  }
  s(v: string | undefined): void {
    if (this.m === this.meta.length) this.grow();
    if (v === undefined) this.meta[this.m++] = -1;
    else {
      this.meta[this.m++] = v.length;
      this.record += v;
    }
  }
  n(v: number | undefined): void {
    if (this.m === this.meta.length) this.grow();
    this.meta[this.m++] = v === undefined ? Number.NaN : v;
  }
  /** A value of a known few as its index (-1: absent); anything else as -2 and the string. */
  e(v: string | undefined, known: readonly string[]): void {
    const i = v === undefined ? -1 : known.indexOf(v);
    this.n(i === -1 && v !== undefined ? -2 : i);
    if (i === -1 && v !== undefined) this.s(v);
  }
  /** Ends a record: its fields go out as UTF-8 (well-formed text: exact both ways). */
  end(): void {
    const r = this.record;
    if (this.b + r.length * 3 > this.bytes.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.b + r.length * 3));
      this.bytes.copy(bigger, 0, 0, this.b);
      this.bytes = bigger;
    }
    const n = this.bytes.write(r, this.b, 'utf8');
    this.b += n;
    this.recordBytes.push(n);
    this.record = '';
  }
  grow(): void {
    const bigger = new Float64Array(Math.max(1024, this.meta.length * 2));
    bigger.set(this.meta);
    this.meta = bigger;
  }
}

/**
 * Reads the records back. Each record's bytes become one short string and its fields slices of it:
 * a batch's fields as one string of half a megabyte (a rope of thousands of pieces, flattened and
 * copied by the hop, then allocated again as a large object on the writer) cost both threads more
 * than the parsing of those lines' JSON; the bytes here are buffers moved, not copied, and reused.
 */
class Reader {
  #text = '';
  #at = 0;
  #m = 0;
  #b = 0;
  #r = 0;
  readonly #bytes: Buffer;
  constructor(e: EncodedBatch) {
    this.#bytes = Buffer.from(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength);
    this.meta = e.meta;
    this.recordBytes = e.recordBytes;
  }
  readonly meta: Float64Array;
  readonly recordBytes: Int32Array;
  /** Starts the next record. */
  next(): void {
    const n = this.recordBytes[this.#r++]!;
    this.#text = this.#bytes.toString('utf8', this.#b, this.#b + n);
    this.#b += n;
    this.#at = 0;
  }
  s(): string | undefined {
    const len = this.meta[this.#m++]!;
    if (len < 0) return undefined;
    const v = this.#text.slice(this.#at, this.#at + len);
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
  e(known: readonly string[]): string | undefined {
    const i = this.meta[this.#m++]!;
    return i === -1 ? undefined : i === -2 ? this.s() : known[i];
  }
}

/** The values of a ledger entry's enumerated fields, sent as indexes (any other value still travels). */
const ENTRY_KINDS = ['consent', 'notice'];
const CATEGORIES = ['evidence', 'identifiers'];

/** Sets `o[k] = v` unless `v` is undefined (exactOptionalPropertyTypes: absent, not undefined). */
function opt<T extends object, K extends keyof T>(o: T, k: K, v: Field | boolean): void {
  if (v !== undefined) (o as Record<K, unknown>)[k] = v;
}

/** `spare`: buffers of an earlier batch to write into (a fresh large buffer costs its page faults again). */
export function encodeBatch(batch: ParsedBatch, spare: SpareBuffers = {}): EncodedBatch {
  const w = new Writer(spare);
  // With COPY rows the entries travel as those rows alone (`entriesOfCopy` reads them back).
  const copy = 'copy' in batch ? batch.copy : undefined;
  if (copy === undefined) switch (batch.kind) {
    case 'members':
      for (const m of batch.values) {
        w.s(m.id); w.s(m.name); w.s(m.country); w.n(m.birthDate); w.n(m.joinedAt); w.n(m.closedAt);
        w.n(m.inSecondarySchool === undefined ? undefined : m.inSecondarySchool ? 1 : 0); w.n(m.validFrom);
        w.end();
      }
      break;
    case 'groups':
      for (const g of batch.values) {
        w.s(g.id); w.s(g.name); w.s(g.category); w.n(g.validFrom);
        w.end();
      }
      break;
    case 'content':
      for (const c of batch.values) {
        w.s(c.id); w.s(c.memberId); w.s(c.kind); w.s(c.visibility); w.s(c.groupId); w.n(c.createdAt); w.n(c.deletedAt); w.s(c.text); w.n(c.validFrom);
        w.end();
      }
      break;
    default:
      for (const u of batch.values) {
        const c = u.sealed ?? u.committed!;
        const b = c.body as Record<string, unknown>;
        w.e(b.kind as string, ENTRY_KINDS); w.s(b.subject as string); w.n(b.at as number); w.e(b.purpose as string | undefined, PURPOSES);
        w.e(b.choice as string | undefined, CHOICES); w.e(b.method as string | undefined, METHODS); w.s(b.noticeVersion as string | undefined);
        w.e(b.channel as string | undefined, CHANNELS); w.s(b.personalData as string | undefined);
        const pd = u.kind === 'consent' ? u.personalData : undefined;
        w.e(pd?.category, CATEGORIES); w.s(pd === undefined ? undefined : c.dataJson ?? JSON.stringify(pd.data));
        // The key and seal where the parser made them; its canonical JSON stays behind (see `decodeEntries`).
        const sealed = u.sealed;
        w.s(sealed?.key);
        const chained = sealed?.chained;
        w.n(chained?.seq); w.s(chained?.previous); w.s(chained?.hash);
        w.end();
      }
  }
  const out: EncodedBatch = {
    kind: batch.kind,
    count: batch.values.length,
    bytes: new Uint8Array(w.bytes.buffer as ArrayBuffer, w.bytes.byteOffset, w.b),
    recordBytes: Int32Array.from(w.recordBytes),
    meta: new Float64Array(w.meta.buffer, 0, w.m),
    lineNos: Int32Array.from(batch.lineNos),
  };
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

/** With `chain`, the ledger's entries are sealed ahead in order as they are read (see `ChainAhead`). */
export function decodeBatch(e: EncodedBatch, chain?: ChainAhead): ParsedBatch {
  const r = new Reader(e);
  const lineNos = Array.from(e.lineNos);
  const bad = e.bad === undefined ? {} : { bad: e.bad };
  switch (e.kind) {
    case 'members': {
      const values: Member[] = [];
      for (let i = 0; i < e.count; i++) {
        r.next();
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
        r.next();
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
        r.next();
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
      if (copy === undefined) return { kind: e.kind, values: decodeEntries(e, chain), lineNos, ...bad } as ParsedBatch;
      // The entries are read back only if the writer cannot take the rows as they are.
      let values: UnsealedEntry[] | undefined;
      return { kind: e.kind, get values() { return (values ??= entriesOfCopy(copy)); }, lineNos, copy, ...bad } as ParsedBatch;
    }
  }
}

/**
 * The entries, keyed here where the parser sent bodies alone (`committed`); those it did not seal
 * ahead are sealed by `chain` in order, where there is one. Canonical JSON is made here, never sent:
 * sending it cost the parser's thread, the slower one, more than making it costs this one.
 */
function decodeEntries(e: EncodedBatch, chain?: ChainAhead): UnsealedEntry[] {
  const r = new Reader(e);
  const values: UnsealedEntry[] = [];
  for (let i = 0; i < e.count; i++) {
    r.next();
    const kind = r.e(ENTRY_KINDS), subject = r.str(), at = r.num(), purpose = r.e(PURPOSES), choice = r.e(CHOICES), method = r.e(METHODS), noticeVersion = r.s();
    const channel = r.e(CHANNELS), hmac = r.s(), category = r.e(CATEGORIES), dataJson = r.s(), key = r.s(), seq = r.n(), previous = r.s(), hash = r.s();
    let u: UnsealedEntry;
    let body: SealedBody['body'];
    if (kind === 'notice') {
      const notice = { subject, at, noticeVersion: noticeVersion!, channel: channel as never };
      body = { kind: 'notice', ...notice };
      u = { kind: 'notice', notice };
    } else {
      const event = { subject, at, purpose: purpose as never, choice: choice as never, method: method as never };
      opt(event, 'noticeVersion' as never, noticeVersion);
      const consent: Omit<ConsentEntry, 'seq' | 'hash'> = { kind: 'consent' as const, ...event };
      opt(consent, 'personalData', hmac);
      body = consent;
      u = { kind: 'consent', event };
      // Parsed only if a backend asks for the object; SQLite stores the JSON as it is.
      if (category !== undefined && dataJson !== undefined) u.personalData = new LazyData(category, dataJson) as never;
    }
    let sealed: SealedBody;
    if (key === undefined) {
      // A body alone (the parser stopped there): keyed here, and sealed in order where there is a chain.
      sealed = chain === undefined ? sealBody(body) : chain.sealBody(body);
    } else {
      sealed = { body, key };
      if (seq !== undefined && previous !== undefined && hash !== undefined) {
        sealed.chained = { seq, previous, hash };
      } else if (chain !== undefined) {
        const parts = entryJsonParts(body);
        if (parts !== undefined) sealed.parts = parts;
        chain.seal(sealed);
      }
    }
    if (dataJson !== undefined && u.kind === 'consent' && u.personalData) sealed.dataJson = dataJson;
    u.sealed = sealed;
    values.push(u);
  }
  return values;
}
