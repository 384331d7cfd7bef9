/**
 * Verifies a store's ledger: recomputes the hash chain in `seq` order and checks every kept
 * personal-data row against the commitment in its entry (erased rows are simply absent). Streams
 * both in `seq` order and merges them, so memory stays flat at any ledger size.
 */
import { ConsentgateError } from '../domain/issues.js';
import type { Store } from '../storage/store.js';
import { ChainVerifier, personalDataHmac, type ChainCheck } from './chain.js';

export async function verifyLedger(store: Store): Promise<ChainCheck> {
  try {
    return await verifyStream(store);
  } catch (cause) {
    // Fail closed with one clear line: a ledger that cannot be read is not a valid ledger.
    throw unreadableLedger(store.location, cause);
  }
}

/** The one error for a ledger that cannot be read (a missing table, a lost connection): fail closed, say why. */
export function unreadableLedger(location: string, cause: unknown): ConsentgateError {
  if (cause instanceof ConsentgateError) return cause;
  return new ConsentgateError('ledger-unreadable', [{ file: location, message: `the ledger cannot be read: ${(cause as Error).message}` }], { cause });
}

async function verifyStream(store: Store): Promise<ChainCheck> {
  const chain = new ChainVerifier();
  const pd = store.personalData()[Symbol.asyncIterator]();
  let nextPd = await pd.next();
  for await (const entry of store.entries()) {
    if (!chain.push(entry)) break;
    while (!nextPd.done && nextPd.value.seq <= entry.seq) {
      const row = nextPd.value;
      const commitment = row.seq === entry.seq && entry.kind === 'consent' ? entry.personalData : undefined;
      if (commitment === undefined) chain.fail(row.seq, `personal data is kept for seq ${row.seq}, whose entry commits to none`);
      else if (personalDataHmac(store.secret, row.data) !== commitment) chain.fail(row.seq, `the personal data of seq ${row.seq} does not match its commitment`);
      nextPd = await pd.next();
    }
  }
  const result = chain.result();
  if (result.ok && !nextPd.done) chain.fail(nextPd.value.seq, `personal data is kept for seq ${nextPd.value.seq}, which is not in the ledger`);
  await pd.return?.();
  return chain.result();
}
