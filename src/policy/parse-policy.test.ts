import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_PATH } from './load-policy.js';
import { parsePolicy } from './parse-policy.js';

const DEFAULT = readFileSync(DEFAULT_POLICY_PATH, 'utf8');

describe('the bundled default policy (spec §3)', () => {
  const r = parsePolicy(DEFAULT);
  it('parses', () => expect(r.ok).toBe(true));
  if (!r.ok) return;
  const p = r.value;
  it('has the sha256 of the file bytes, as sha256sum prints it', () => {
    expect(p.sha256).toBe(createHash('sha256').update(readFileSync(DEFAULT_POLICY_PATH)).digest('hex'));
  });
  it('reads "NO" as Norway and dates as dates', () => {
    expect(p.regions[0]!.countries).toContain('NO');
    expect(p.regions[0]!.effectiveFrom).toBe(Date.UTC(2025, 10, 3));
    expect(p.regions[0]!.notice).toEqual({ version: 'eu-2025-11', announcedAt: Date.UTC(2025, 8, 18) });
  });
  it('has its regions in order with the defaults of §3', () => {
    expect(p.regions.map((x) => x.name)).toEqual(['designated-countries', 'united-kingdom', 'canada-hong-kong', 'mainland-china', 'rest-of-world']);
    expect(p.regions[3]).toMatchObject({ excluded: true, default: 'allow', requireNotice: false });
    expect(p.regions[3]!.effectiveFrom).toBeUndefined();
    expect(p.regions[4]).toMatchObject({ countries: '*', noticeDays: 30, requireNotice: false });
    expect(p).toMatchObject({ id: 'genai-2025', version: 1, purpose: 'train-genai', minimumAge: 18, honorGpc: false });
    expect([...p.redact].sort()).toEqual(['CARD', 'EMAIL', 'IBAN', 'ID', 'IP', 'PHONE']);
  });
});

describe('bad policies get the line and column and what was expected', () => {
  const cases: [string, (y: string) => string, RegExp, number?][] = [
    ['an unknown top-level key', (y) => `${y}colour: blue\n`, /unknown key "colour"/, 38],
    ['an unknown region key', (y) => y.replace('    legalBasis: legitimate-interest\n    notice: { version: uk', '    legalbasis: legitimate-interest\n    notice: { version: uk'), /unknown key "legalbasis"/, 16],
    ['a region without countries', (y) => y.replace('    countries: [GB]\n', ''), /regions\[1\]\.countries is required/],
    ['a region with an empty country list', (y) => y.replace('countries: [GB]', 'countries: []'), /has no countries/, 13],
    ['an unknown purpose', (y) => y.replace('purpose: train-genai', 'purpose: train-everything'), /purpose is not one of/, 3],
    ['a bad date', (y) => y.replace('effectiveFrom: 2025-11-03\n    default: allow\n    legalBasis: legitimate-interest\n    notice: { version: uk', 'effectiveFrom: 2025-13-03\n    default: allow\n    legalBasis: legitimate-interest\n    notice: { version: uk'), /effectiveFrom is not a date/, 14],
    ['a bare NO read as a string is fine, but an unknown country is not', (y) => y.replace('countries: [GB]', 'countries: [UK]'), /unknown value in regions\[1\]\.countries/, 13],
    ['a country in two regions', (y) => y.replace('countries: [GB]', 'countries: [GB, NL]'), /country NL is listed twice \(already in region designated-countries\)/, 13],
    ['a country twice in one region', (y) => y.replace('countries: [CA, HK]', 'countries: [CA, HK, CA]'), /country CA is listed twice/],
    ['a region after "*"', (y) => `${y.replace(/\nminimumAge/, '\n  - name: late\n    countries: [ZA]\n    effectiveFrom: 2025-01-01\n    default: allow\nminimumAge')}`, /comes after the "\*" region/],
    ['a region after ["*"]', (y) => y.replace('countries: "*"', 'countries: ["*"]').replace(/\nminimumAge/, '\n  - name: late\n    countries: [ZA]\n    effectiveFrom: 2025-01-01\n    default: allow\nminimumAge'), /comes after the "\*" region/],
    ['requireNotice with too short a notice period', (y) => y.replace('notice: { version: uk-2025-11, announcedAt: 2025-09-18 }', 'notice: { version: uk-2025-11, announcedAt: 2025-10-10 }'), /less than noticeDays \(30\) after notice.announcedAt/, 14],
    ['requireNotice without a notice', (y) => y.replace('    notice: { version: intl-2025-11, announcedAt: 2025-09-18 }\n', ''), /requireNotice needs notice.version/],
    ['a missing effectiveFrom on a region that is not excluded', (y) => y.replace('    effectiveFrom: 2024-09-18\n', ''), /effectiveFrom is required/],
    ['an unknown redaction entity', (y) => y.replace('redact: [EMAIL,', 'redact: [SSN,'), /unknown value in redact/, 37],
    ['an unknown kind', (y) => y.replace('kinds: [profile,', 'kinds: [selfie,'), /unknown value in kinds/, 33],
    ['a YAML syntax error', (y) => y.replace('minimumAge: 18', 'minimumAge: [18'), /YAML/],
    ['a duplicate key', (y) => `${y}honorGpc: true\n`, /YAML/],
    ['not a mapping', () => '- a\n- b\n', /must be a mapping/, 1],
  ];
  it.each(cases)('%s', (_n, edit, message, line) => {
    const r = parsePolicy(edit(DEFAULT), 'p.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues.find((i) => message.test(i.message)) ?? r.issues[0]!;
    expect(issue.message).toMatch(message);
    expect(issue.file).toBe('p.yaml');
    expect(issue.line).toBeGreaterThan(0);
    expect(issue.column).toBeGreaterThan(0);
    if (line !== undefined) expect(issue.line).toBe(line);
  });

  it('an excluded region needs no effectiveFrom or default', () => {
    expect(parsePolicy(DEFAULT.replace('    countries: [CN]\n    excluded: true', '    countries: [CN]\n    excluded: true\n    legalBasis: none')).ok).toBe(true);
  });
});
