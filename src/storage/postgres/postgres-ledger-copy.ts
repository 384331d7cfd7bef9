/**
 * Ledger entries and their personal data as COPY text rows, in the column order of `LEDGER_COLUMNS`
 * and `personal_data (seq, subject, category, data)`: from sealed entries (`sealedCopyText`, the
 * writer's path), and from entries the parser sealed ahead (`copyAhead`, import's path on a worker
 * thread, so that the writer only streams the bytes), and back (`entriesOfCopy`). Both write each row
 * with the same functions. Pure: no connection, no streams.
 */
import type { Channel, Choice, Method } from '../../domain/entities.js';
import type { Purpose } from '../../domain/purpose.js';
import type { ConsentEntry, LedgerHead, NoticeEntry } from '../../ledger/entry.js';
import type { SealedWrite, UnsealedEntry } from '../../ledger/seal.js';
import type { LedgerCopy } from '../store.js';
import { copyField, parseCopyLine } from './postgres-copy-text.js';
import { fromPgText, toPgText } from './postgres-rows.js';

type Body = Omit<ConsentEntry, 'seq' | 'hash'> | Omit<NoticeEntry, 'seq' | 'hash'>;

/**
 * One ledger row. Columns the backend computes (kind, hash, key, the HMAC) and integers need no
 * escaping; every other text goes through `copyField`.
 */
function ledgerRow(seq: number, e: Body, hash: string, key: string): string {
  if (e.kind === 'notice') {
    return `${int(seq)}\tnotice\t${copyField(e.subject)}\t${int(e.at)}\t\\N\t\\N\t\\N\t${copyField(toPgText(e.noticeVersion))}\t${copyField(e.channel)}\t\\N\t${hash}\t${key}\n`;
  }
  const nv = e.noticeVersion === undefined ? '\\N' : copyField(toPgText(e.noticeVersion));
  return `${int(seq)}\tconsent\t${copyField(e.subject)}\t${int(e.at)}\t${copyField(e.purpose)}\t${copyField(e.choice)}\t${copyField(e.method)}\t${nv}\t\\N\t${e.personalData ?? '\\N'}\t${hash}\t${key}\n`;
}

function personalDataRow(seq: number, subject: string, category: string, json: string): string {
  return `${int(seq)}\t${copyField(subject)}\t${category}\t${copyField(json)}\n`;
}

function int(v: number): string {
  if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
  return String(v);
}

/**
 * The COPY text of sealed entries (ledger rows) and of their personal data, built in one pass as
 * strings: no array per row, which is most of what an import allocates after sealing. The same
 * values, in the same order, as `entryValues` (a test holds the two together).
 */
export function sealedCopyText(sealed: readonly SealedWrite[]): { ledger: string; personalData: string } {
  let ledger = '';
  let pd = '';
  for (const w of sealed) {
    const e = w.entry;
    ledger += ledgerRow(e.seq, e, e.hash, w.key);
    if (w.personalData) pd += personalDataRow(e.seq, e.subject, w.personalData.category, w.personalData.json ?? JSON.stringify(w.personalData.data));
  }
  return { ledger, personalData: pd };
}

/**
 * The COPY rows of entries sealed ahead (each with `sealed.chained`, one after the other), the same
 * rows `sealedCopyText(sealEntries(after, entries))` writes where the guess holds; `undefined` when
 * an entry was not sealed ahead.
 */
export function copyAhead(entries: readonly UnsealedEntry[]): LedgerCopy | undefined {
  const first = entries[0]?.sealed?.chained;
  if (first === undefined) return undefined;
  const after: LedgerHead = { seq: first.seq - 1, hash: first.previous };
  let ledger = '';
  let pd = '';
  let consent = 0;
  let seq = after.seq;
  let hash = after.hash;
  for (const u of entries) {
    const s = u.sealed;
    const c = s?.chained;
    if (s === undefined || c === undefined || c.seq !== seq + 1 || c.previous !== hash) return undefined;
    seq = c.seq;
    hash = c.hash;
    ledger += ledgerRow(seq, s.body, hash, s.key);
    if (u.kind === 'consent') {
      consent++;
      if (u.personalData) pd += personalDataRow(seq, s.body.subject, u.personalData.category, s.dataJson ?? JSON.stringify(u.personalData.data));
    }
  }
  return { after, head: { seq, hash }, consent, notice: entries.length - consent, ledger: bytesOf(ledger), personalData: bytesOf(pd) };
}

/** UTF-8 in an ArrayBuffer of its own (never Buffer's shared pool): it may be transferred. */
function bytesOf(text: string): Uint8Array {
  const out = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  out.write(text, 0);
  return out;
}

const lines = (bytes: Uint8Array): string[] => {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.length === 0 ? [] : text.slice(0, -1).split('\n');
};

/** The keys (see `entryKey`) of the entries of `copy`, in order: each row's last column. */
export function copyKeys(copy: LedgerCopy): string[] {
  return lines(copy.ledger).map((l) => l.slice(l.lastIndexOf('\t') + 1));
}

/**
 * The entries of `copy` back (the inverse of `copyAhead`), sealed ahead as they were, for the
 * writer's general path where the rows cannot go as they are (a line to skip, a head moved on).
 */
export function entriesOfCopy(copy: LedgerCopy): UnsealedEntry[] {
  const data = new Map<number, { category: string; json: string }>();
  for (const l of lines(copy.personalData)) {
    const [seq, , category, json] = parseCopyLine(l);
    data.set(Number(seq), { category: category!, json: json! });
  }
  const out: UnsealedEntry[] = [];
  let previous = copy.after.hash;
  for (const l of lines(copy.ledger)) {
    const [seqText, kind, subject, atText, purpose, choice, method, noticeVersion, channel, hmac, hash, key] = parseCopyLine(l) as [string, string, string, string, ...(string | null)[]];
    const seq = Number(seqText);
    const at = Number(atText);
    const chained = { seq, previous, hash: hash! };
    previous = hash!;
    if (kind === 'notice') {
      const notice = { subject, at, noticeVersion: fromPgText(noticeVersion!), channel: channel as Channel };
      out.push({ kind: 'notice', notice, sealed: { body: { kind: 'notice', ...notice }, key: key!, chained } });
      continue;
    }
    const event: UnsealedConsent['event'] = { subject, at, purpose: purpose as Purpose, choice: choice as Choice, method: method as Method };
    if (noticeVersion !== null) event.noticeVersion = fromPgText(noticeVersion!);
    const body: Omit<ConsentEntry, 'seq' | 'hash'> = { kind: 'consent', ...event };
    if (hmac !== null) body.personalData = hmac!;
    const u: UnsealedConsent = { kind: 'consent', event, sealed: { body, key: key!, chained } };
    const pd = data.get(seq);
    if (pd !== undefined) {
      u.personalData = { category: pd.category, data: JSON.parse(pd.json) } as UnsealedConsent['personalData'] & object;
      u.sealed!.dataJson = pd.json;
    }
    out.push(u);
  }
  return out;
}

type UnsealedConsent = Extract<UnsealedEntry, { kind: 'consent' }>;
