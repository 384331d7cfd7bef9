/**
 * W3C TDMRep (TDM Reservation Protocol): the EU CDSM Art. 4 text-and-data-mining opt-out, as a
 * site file (`/.well-known/tdmrep.json`, an array of `{location, tdm-reservation}`), a response
 * header and an HTML meta element. `1` reserves the rights; `0` does not.
 */
import { parseContentUsage } from './content-usage.js';

export interface TdmRule {
  location: string;
  'tdm-reservation': 0 | 1;
  'tdm-policy'?: string;
}

/** The site file, derived from the site's Content-Usage default: `train-ai=n` reserves TDM rights. */
export function tdmrepJson(siteContentUsage: string, policyUrl?: string): TdmRule[] {
  const reserved = parseContentUsage(siteContentUsage).get('train-ai') === 'n';
  const rule: TdmRule = { location: '/', 'tdm-reservation': reserved ? 1 : 0 };
  if (reserved && policyUrl) rule['tdm-policy'] = policyUrl;
  return [rule];
}

export const TDM_RESERVATION_HEADER = 'tdm-reservation';
