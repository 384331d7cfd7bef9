/**
 * Global Privacy Control (W3C GPC): the `Sec-GPC: 1` request header and the `/.well-known/gpc.json`
 * support resource. GPC means "do not sell or share"; the platform also maps it onto `train-ai` and
 * records that it did (method `gpc`), and a policy decides with it only where `honorGpc: true`.
 */
import type { Purpose } from '../domain/purpose.js';

/** What a GPC signal records, once per change (spec §6): sharing for ads, and all AI training. */
export const GPC_PURPOSES: readonly Purpose[] = ['share-affiliates-ads', 'train-ai'];

/**
 * True when the request carries GPC. Only the exact value `1` counts; with several header lines
 * (Node joins them with ", ") any `1` counts.
 */
export function hasGpc(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const values = Array.isArray(header) ? header : [header];
  return values.some((v) => v.split(',').some((part) => part.trim() === '1'));
}

export interface GpcLatest {
  /** The purpose's latest event on exactly that purpose, if any. */
  method: string | undefined;
  choice: string | undefined;
}

/**
 * Whether a GPC signal changes the record for a purpose: it does unless the member's latest event on
 * that purpose already is a `gpc` deny. So a signal repeated on every request is written once, and is
 * written again only after the member changed that purpose some other way (a "change").
 */
export function gpcChanges(latest: GpcLatest): boolean {
  return !(latest.method === 'gpc' && latest.choice === 'deny');
}

/** `/.well-known/gpc.json`: `lastUpdate` is an RFC 3339 full-date. */
export function gpcSupportResource(lastUpdate: string): { gpc: true; lastUpdate: string } {
  return { gpc: true, lastUpdate };
}
