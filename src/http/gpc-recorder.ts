/**
 * Takes in GPC (spec §6): a signed-in member's request with `Sec-GPC: 1` records `gpc` denies on
 * `share-affiliates-ads` and `train-ai`, once per change. Requests of one member are serialised so
 * that two parallel requests cannot both write.
 */
import type { LedgerEntry } from '../ledger/entry.js';
import type { Millis } from '../domain/time.js';
import type { Store } from '../storage/store.js';
import { GPC_PURPOSES, gpcChanges } from '../signals/gpc.js';
import type { UnsealedEntry } from '../ledger/seal.js';

export class GpcRecorder {
  readonly #pending = new Map<string, Promise<LedgerEntry[]>>();
  constructor(private readonly store: Store, private readonly now: () => Millis, private readonly onDeny?: (memberId: string, purposes: string[]) => void) {}

  observe(memberId: string, evidence: Record<string, unknown>): Promise<LedgerEntry[]> {
    const before = this.#pending.get(memberId) ?? Promise.resolve([]);
    const next = before.catch(() => []).then(() => this.#record(memberId, evidence));
    this.#pending.set(memberId, next);
    void next.finally(() => {
      if (this.#pending.get(memberId) === next) this.#pending.delete(memberId);
    }).catch(() => undefined);
    return next;
  }

  async #record(memberId: string, evidence: Record<string, unknown>): Promise<LedgerEntry[]> {
    if ((await this.store.memberRows(memberId)).length === 0) return [];
    const { events } = await this.store.subjectLedger(memberId);
    const at = this.now();
    const writes: UnsealedEntry[] = [];
    for (const purpose of GPC_PURPOSES) {
      let latest: (typeof events)[number] | undefined;
      for (const e of events) {
        if (e.purpose !== purpose) continue;
        if (!latest || e.at > latest.at || (e.at === latest.at && e.seq > latest.seq)) latest = e;
      }
      if (gpcChanges({ method: latest?.method, choice: latest?.choice })) {
        writes.push({ kind: 'consent', event: { subject: memberId, at, purpose, choice: 'deny', method: 'gpc' }, personalData: { category: 'evidence', data: { evidence } } });
      }
    }
    if (writes.length === 0) return [];
    const written = await this.store.append(writes);
    this.onDeny?.(memberId, written.flatMap((e) => (e.kind === 'consent' ? [e.purpose] : [])));
    return written;
  }
}
