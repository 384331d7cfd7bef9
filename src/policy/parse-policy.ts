/**
 * Reads a policy file (spec §3): YAML 1.2 (dates stay strings, a bare `NO` is Norway), every key
 * checked, every error with its line and column. Returns issues as data; never throws on bad input.
 */
import { createHash } from 'node:crypto';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { CONTENT_KINDS, VISIBILITIES, type ContentKind, type Visibility } from '../domain/entities.js';
import { isCountry } from '../domain/countries.js';
import { isId } from '../domain/ids.js';
import { describe, type Issue, type Result } from '../domain/issues.js';
import { isPurpose, PURPOSES, type Purpose } from '../domain/purpose.js';
import { DAY_MS, parseTime, type Millis } from '../domain/time.js';
import { ENTITIES, type Entity, type Policy, type Region } from './policy.js';

const TOP_KEYS = ['id', 'version', 'purpose', 'regions', 'minimumAge', 'kinds', 'visibility', 'excludeGroupCategories', 'honorGpc', 'redact'];
const REGION_KEYS = ['name', 'countries', 'effectiveFrom', 'default', 'legalBasis', 'notice', 'excluded', 'contentNotBefore', 'requireNotice', 'noticeDays'];
const NOTICE_KEYS = ['version', 'announcedAt'];

export function parsePolicy(source: string | Uint8Array, file = 'policy.yaml'): Result<Policy> {
  const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : Buffer.from(source);
  const text = bytes.toString('utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.2', schema: 'core', lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues: Issue[] = [];

  const at = (node: Node | Pair | null | undefined, field: string, message: string, expected?: string, received?: unknown): void => {
    const offset = node && 'range' in node && node.range ? node.range[0] : nodeOffset(node);
    const pos = offset !== undefined ? lineCounter.linePos(offset) : undefined;
    const issue: Issue = { file, field, message };
    if (pos) { issue.line = pos.line; issue.column = pos.col; }
    if (expected !== undefined) issue.expected = expected;
    if (received !== undefined) issue.received = describe(received);
    issues.push(issue);
  };

  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    issues.push({ file, line: pos.line, column: pos.col, message: `YAML: ${error.message.split('\n')[0]}` });
  }
  if (issues.length > 0) return { ok: false, issues: issues as [Issue, ...Issue[]] };

  const root = doc.contents;
  if (!isMap(root)) {
    at(root as Node, '', 'a policy must be a mapping of keys', 'a mapping', root === null ? null : scalarValue(root as Node));
    return { ok: false, issues: issues as [Issue, ...Issue[]] };
  }
  const top = fields(root, '', TOP_KEYS, at);

  const str = (node: Node | undefined, field: string, check?: (v: string) => boolean, expected = 'a string'): string | undefined => {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v === 'string' && (!check || check(v))) return v;
    at(node, field, `${field} is not ${expected}`, expected, isScalar(node) ? v : node ? 'a collection' : undefined);
    return undefined;
  };
  const int = (node: Node | undefined, field: string, min: number): number | undefined => {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min) return v;
    at(node, field, `${field} is not a whole number of at least ${min}`, `an integer >= ${min}`, isScalar(node) ? v : 'a collection');
    return undefined;
  };
  const bool = (node: Node | undefined, field: string): boolean | undefined => {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v === 'boolean') return v;
    at(node, field, `${field} is not true or false`, 'true or false', isScalar(node) ? v : 'a collection');
    return undefined;
  };
  const time = (node: Node | undefined, field: string): Millis | undefined => {
    const v = isScalar(node) ? node.value : undefined;
    const t = typeof v === 'string' ? parseTime(v) : undefined;
    if (t !== undefined) return t;
    at(node, field, `${field} is not a date or RFC 3339 time`, 'a date such as 2025-11-03', isScalar(node) ? v : 'a collection');
    return undefined;
  };
  const list = <T extends string>(node: Node | undefined, field: string, allowed: readonly T[] | ((v: string) => boolean), expected: string): T[] | undefined => {
    if (!isSeq(node)) {
      at(node, field, `${field} is not a list`, `a list of ${expected}`, isScalar(node) ? node.value : undefined);
      return undefined;
    }
    const out: T[] = [];
    node.items.forEach((item, i) => {
      const v = isScalar(item) ? item.value : undefined;
      const ok = typeof v === 'string' && (typeof allowed === 'function' ? allowed(v) : (allowed as readonly string[]).includes(v));
      if (ok) out.push(v as T);
      else at(item as Node, `${field}[${i}]`, `unknown value in ${field}`, expected, isScalar(item) ? v : 'a collection');
    });
    return out;
  };
  const required = (node: Node | undefined, parent: Node, field: string): node is Node => {
    if (node !== undefined && !(isScalar(node) && node.value === null)) return true;
    at(parent, field, `${field} is required`);
    return false;
  };

  const id = required(top.id, root, 'id') ? str(top.id, 'id', isId, 'an id (1-128 characters of A-Za-z0-9._:-)') : undefined;
  const version = required(top.version, root, 'version') ? int(top.version, 'version', 1) : undefined;
  const purpose = required(top.purpose, root, 'purpose') ? str(top.purpose, 'purpose', isPurpose, `one of ${PURPOSES.join(', ')}`) : undefined;
  const minimumAge = top.minimumAge !== undefined ? int(top.minimumAge, 'minimumAge', 0) : 18;
  const kinds = required(top.kinds, root, 'kinds') ? list<ContentKind>(top.kinds, 'kinds', CONTENT_KINDS, `content kinds (${CONTENT_KINDS.join(', ')})`) : undefined;
  const visibility = required(top.visibility, root, 'visibility') ? list<Visibility>(top.visibility, 'visibility', VISIBILITIES, VISIBILITIES.join(', ')) : undefined;
  const categories = top.excludeGroupCategories !== undefined
    ? list<string>(top.excludeGroupCategories, 'excludeGroupCategories', (v) => v.length > 0, 'category words') : [];
  const honorGpc = top.honorGpc !== undefined ? bool(top.honorGpc, 'honorGpc') : false;
  const redact = top.redact !== undefined ? list<Entity>(top.redact, 'redact', ENTITIES, ENTITIES.join(', ')) : [];

  const regions: Region[] = [];
  const claimed = new Map<string, string>();
  let wildcardSeen: string | undefined;
  if (required(top.regions, root, 'regions')) {
    if (!isSeq(top.regions) || top.regions.items.length === 0) {
      at(top.regions, 'regions', 'regions is not a non-empty list', 'a list of regions', isScalar(top.regions) ? top.regions.value : undefined);
    } else {
      top.regions.items.forEach((item, i) => {
        const path = `regions[${i}]`;
        if (!isMap(item)) { at(item as Node, path, 'a region is not a mapping', 'a mapping with name and countries'); return; }
        const r = fields(item, `${path}.`, REGION_KEYS, at);
        const name = required(r.name, item, `${path}.name`) ? str(r.name, `${path}.name`) : undefined;
        let countries: string[] | '*' | undefined;
        if (required(r.countries, item, `${path}.countries`)) {
          if (isScalar(r.countries) && r.countries.value === '*') countries = '*';
          else if (isSeq(r.countries) && r.countries.items.length === 1 && isScalar(r.countries.items[0]) && r.countries.items[0].value === '*') countries = '*';
          else {
            countries = list<string>(r.countries, `${path}.countries`, isCountry, 'ISO 3166-1 alpha-2 country codes (quote "NO")');
            if (countries?.length === 0) at(r.countries, `${path}.countries`, 'a region has no countries', 'at least one country or "*"', '[]');
          }
        }
        if (wildcardSeen !== undefined) {
          at(item, path, `region ${name ?? i} comes after the "*" region ${wildcardSeen}, which already matches every country`, 'no region after "*"');
        }
        if (countries === '*') wildcardSeen = name ?? String(i);
        else if (countries && isSeq(r.countries)) {
          countries.forEach((c, j) => {
            const owner = claimed.get(c);
            if (owner !== undefined) {
              at(isSeq(r.countries) ? (r.countries.items[j] as Node) : item, `${path}.countries[${j}]`, `country ${c} is listed twice (already in region ${owner})`, 'each country in one region');
            } else claimed.set(c, name ?? String(i));
          });
        }
        const excluded = r.excluded !== undefined ? bool(r.excluded, `${path}.excluded`) ?? false : false;
        let effectiveFrom: Millis | undefined;
        let dflt: 'allow' | 'deny' | undefined = 'allow';
        if (excluded) {
          if (r.effectiveFrom !== undefined) effectiveFrom = time(r.effectiveFrom, `${path}.effectiveFrom`);
          if (r.default !== undefined) dflt = str(r.default, `${path}.default`, (v) => v === 'allow' || v === 'deny', 'allow or deny') as 'allow' | 'deny' | undefined;
        } else {
          if (required(r.effectiveFrom, item, `${path}.effectiveFrom`)) effectiveFrom = time(r.effectiveFrom, `${path}.effectiveFrom`);
          dflt = required(r.default, item, `${path}.default`)
            ? (str(r.default, `${path}.default`, (v) => v === 'allow' || v === 'deny', 'allow or deny') as 'allow' | 'deny' | undefined)
            : undefined;
        }
        const legalBasis = r.legalBasis !== undefined ? str(r.legalBasis, `${path}.legalBasis`) : undefined;
        let notice: Region['notice'];
        if (r.notice !== undefined) {
          if (!isMap(r.notice)) at(r.notice, `${path}.notice`, 'notice is not a mapping', 'a mapping with version and announcedAt');
          else {
            const n = fields(r.notice, `${path}.notice.`, NOTICE_KEYS, at);
            const v = required(n.version, r.notice, `${path}.notice.version`) ? str(n.version, `${path}.notice.version`) : undefined;
            const announcedAt = n.announcedAt !== undefined ? time(n.announcedAt, `${path}.notice.announcedAt`) : undefined;
            if (v !== undefined) notice = announcedAt !== undefined ? { version: v, announcedAt } : { version: v };
          }
        }
        const contentNotBefore = r.contentNotBefore !== undefined ? time(r.contentNotBefore, `${path}.contentNotBefore`) : undefined;
        const requireNotice = r.requireNotice !== undefined ? bool(r.requireNotice, `${path}.requireNotice`) ?? false : false;
        const noticeDays = r.noticeDays !== undefined ? int(r.noticeDays, `${path}.noticeDays`, 0) ?? 30 : 30;
        if (requireNotice && r.notice === undefined) {
          at(r.requireNotice ?? item, `${path}.requireNotice`, 'requireNotice needs notice.version', 'a notice with a version');
        }
        if (requireNotice && notice?.announcedAt !== undefined && effectiveFrom !== undefined && effectiveFrom - notice.announcedAt < noticeDays * DAY_MS) {
          at(r.effectiveFrom ?? item, `${path}.effectiveFrom`,
            `effectiveFrom is less than noticeDays (${noticeDays}) after notice.announcedAt: members must have had the time to object`,
            `at least ${noticeDays} days after the announcement`, isScalar(r.effectiveFrom) ? r.effectiveFrom.value : undefined);
        }
        if (name === undefined || countries === undefined || dflt === undefined) return;
        const region: Region = { name, countries, default: dflt, excluded, requireNotice, noticeDays };
        if (effectiveFrom !== undefined) region.effectiveFrom = effectiveFrom;
        if (legalBasis !== undefined) region.legalBasis = legalBasis;
        if (notice !== undefined) region.notice = notice;
        if (contentNotBefore !== undefined) region.contentNotBefore = contentNotBefore;
        regions.push(region);
      });
    }
  }

  if (issues.length > 0 || id === undefined || version === undefined || purpose === undefined || minimumAge === undefined ||
      kinds === undefined || visibility === undefined || categories === undefined || honorGpc === undefined || redact === undefined) {
    if (issues.length === 0) issues.push({ file, message: 'the policy is incomplete' });
    return { ok: false, issues: issues as [Issue, ...Issue[]] };
  }
  const regionIndex = new Map<string, number>();
  let wildcardRegion = -1;
  regions.forEach((r, i) => {
    if (r.countries === '*') wildcardRegion = i;
    else for (const c of r.countries) regionIndex.set(c, i);
  });
  return {
    ok: true,
    value: {
      id, version, purpose: purpose as Purpose, regions, minimumAge,
      kinds: new Set(kinds), visibility: new Set(visibility), excludeGroupCategories: new Set(categories),
      honorGpc, redact: new Set(redact),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      regionIndex, wildcardRegion,
    },
  };
}

type At = (node: Node | Pair | null | undefined, field: string, message: string, expected?: string, received?: unknown) => void;

/** The values of a mapping by key; unknown keys are issues at the key's position. */
function fields(map: YAMLMap, prefix: string, known: readonly string[], at: At): Record<string, Node | undefined> {
  const out: Record<string, Node | undefined> = {};
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof key !== 'string' || !known.includes(key)) {
      at(pair.key as Node, `${prefix}${String(key)}`, `unknown key ${JSON.stringify(key)}`, `one of ${known.join(', ')}`, key);
      continue;
    }
    out[key] = (pair.value ?? undefined) as Node | undefined;
  }
  return out;
}

function nodeOffset(node: Node | Pair | null | undefined): number | undefined {
  if (!node) return undefined;
  if ('key' in node) return (node.key as Node | null)?.range?.[0];
  return undefined;
}

function scalarValue(node: Node): unknown {
  return isScalar(node) ? node.value : undefined;
}
