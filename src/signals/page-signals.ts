/**
 * The signals a member's public page carries when they said no to AI training (spec §6): the IETF
 * AIPREF header, the `noai` robots directives DeviantArt introduced and crawlers such as Spawning's
 * read, and the TDMRep reservation. Nothing is sent when the member allows: a member's platform
 * setting is not a licence for third parties, so the site default (robots.txt) still applies.
 */
import { serializeContentUsage } from './content-usage.js';
import { TDM_RESERVATION_HEADER } from './tdmrep.js';

export interface PageSignals {
  headers: Record<string, string>;
  meta: { name: string; content: string }[];
}

export const NO_SIGNALS: PageSignals = { headers: {}, meta: [] };

export function pageSignals(deniesTraining: boolean): PageSignals {
  if (!deniesTraining) return NO_SIGNALS;
  return {
    headers: {
      'content-usage': serializeContentUsage({ 'train-ai': 'n' }),
      'x-robots-tag': 'noai, noimageai',
      [TDM_RESERVATION_HEADER]: '1',
    },
    meta: [
      { name: 'robots', content: 'noai, noimageai' },
      { name: 'tdm-reservation', content: '1' },
    ],
  };
}
