import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_KINDS, VISIBILITIES } from '../domain/entities.js';
import { isCountry } from '../domain/countries.js';
import { loadPolicy } from '../policy/load-policy.js';
import { regionOf } from '../policy/policy.js';
import { FILES, generatePlatform, type GenerateSummary } from './generate-platform.js';
import { SPECIAL_CATEGORIES } from './groups.js';
import { checkDir, readRows, type Row } from './line-checker.case.js';
import { bsnValid, ibanValid, luhnValid } from './pii.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cg-generate-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function bytesOf(dir: string): Record<string, Buffer> {
  return Object.fromEntries([...FILES, 'summary.json'].map((f) => [f, readFileSync(join(dir, f))]));
}

describe('generatePlatform: determinism', () => {
  it('gives byte-identical files for one seed and different files for another', async () => {
    const a = tempDir(), b = tempDir(), c = tempDir();
    await generatePlatform({ out: a, members: 300, seed: 'same' });
    await generatePlatform({ out: b, members: 300, seed: 'same' });
    await generatePlatform({ out: c, members: 300, seed: 'other' });
    const fa = bytesOf(a), fb = bytesOf(b), fc = bytesOf(c);
    for (const f of Object.keys(fa)) expect(fa[f]!.equals(fb[f]!), f).toBe(true);
    expect(fa['content.jsonl']!.equals(fc['content.jsonl']!)).toBe(false);
    expect(fa['members.jsonl']!.equals(fc['members.jsonl']!)).toBe(false);
    // Numeric and string seeds are distinct seeds.
    const d = tempDir(), e = tempDir();
    await generatePlatform({ out: d, members: 50, seed: 7 });
    await generatePlatform({ out: e, members: 50, seed: '7' });
    expect(readFileSync(join(d, 'content.jsonl')).equals(readFileSync(join(e, 'content.jsonl')))).toBe(false);
  });

  it('does not depend on how members are cut into blocks of work', async () => {
    const a = tempDir(), b = tempDir();
    await generatePlatform({ out: a, members: 250, seed: 'blocks' });
    await generatePlatform({ out: b, members: 250, seed: 'blocks', blockMembers: 37 });
    const fa = bytesOf(a), fb = bytesOf(b);
    for (const f of Object.keys(fa)) expect(fa[f]!.equals(fb[f]!), f).toBe(true);
  });

  // Worker threads need the compiled code (`npm run build`); the test compares the build with itself.
  const compiled = fileURLToPath(new URL('../../dist/generate/generate-platform.js', import.meta.url));
  it.skipIf(!existsSync(compiled) || !existsSync(compiled.replace('generate-platform.js', 'generate-worker.js')))(
    'gives the same bytes on worker threads as in one thread (compiled build)',
    async () => {
      const mod = (await import(pathToFileURL(compiled).href)) as { generatePlatform: typeof generatePlatform };
      const a = tempDir(), b = tempDir();
      await mod.generatePlatform({ out: a, members: 400, seed: 'threads', workers: 0 });
      await mod.generatePlatform({ out: b, members: 400, seed: 'threads', workers: 2, blockMembers: 50 });
      const fa = bytesOf(a), fb = bytesOf(b);
      for (const f of Object.keys(fa)) expect(fa[f]!.equals(fb[f]!), f).toBe(true);
    },
  );

  it('leaves no temporary files, honours --items exactly, and reports progress', async () => {
    const dir = tempDir();
    const calls: [number, number][] = [];
    const s = await generatePlatform({ out: dir, members: 120, items: 777, seed: 1, progress: (d, t) => calls.push([d, t]) });
    expect(s.items).toBe(777);
    expect(new Set(readRows(dir, 'content.jsonl').map((r) => r.id)).size).toBe(777);
    expect(readdirSync(dir).sort()).toEqual([...FILES, 'summary.json'].sort());
    expect(calls.at(-1)).toEqual([777, 777]);
    const few = tempDir();
    expect((await generatePlatform({ out: few, members: 100, items: 30, seed: 2 })).items).toBe(30);
    expect((await generatePlatform({ out: few, members: 5, items: 0, seed: 2 })).items).toBe(0);
    expect(checkDir(few, isCountry)).toEqual([]);
  });

  it('rejects nonsense sizes', async () => {
    await expect(generatePlatform({ out: tempDir(), members: 0, seed: 1 })).rejects.toThrow(/members/);
    await expect(generatePlatform({ out: tempDir(), members: 10, items: -1, seed: 1 })).rejects.toThrow(/items/);
    await expect(generatePlatform({ out: tempDir(), members: 1.5, seed: 1 })).rejects.toThrow(/members/);
    await expect(generatePlatform({ out: tempDir(), members: 10, seed: 1, workers: -1 })).rejects.toThrow(/workers/);
  });
});

describe('generatePlatform: a realistic platform of 2,000 members', () => {
  let dir = '';
  let summary: GenerateSummary;
  let members: Row[], groups: Row[], content: Row[], consent: Row[], notices: Row[], objections: Row[];
  const policy = loadPolicy();
  const EFFECTIVE = Date.parse('2025-11-03T00:00:00Z');

  beforeAll(async () => {
    dir = tempDir();
    summary = await generatePlatform({ out: dir, members: 2000, seed: 'coverage' });
    [members, groups, content, consent, notices, objections] = FILES.map((f) => readRows(dir, f)) as [Row[], Row[], Row[], Row[], Row[], Row[]];
  });

  it('writes only valid lines (spec §2 field formats, §6 rules)', () => {
    expect(checkDir(dir, isCountry)).toEqual([]);
    expect(summary.items).toBe(20_000);
    expect(summary.files['content.jsonl']!.rows).toBe(content.length);
    expect(summary.files['consent.jsonl']!.rows).toBe(consent.length);
  });

  it('writes the ledger files in time order', () => {
    for (const rows of [consent, notices, objections]) {
      for (let i = 1; i < rows.length; i++) expect(String(rows[i - 1]!.at) <= String(rows[i]!.at)).toBe(true);
    }
  });

  it('has members in at least 12 countries covering every region of the default policy', () => {
    const countries = new Set(members.map((m) => m.country as string));
    expect(countries.size).toBeGreaterThanOrEqual(12);
    for (const c of ['NL', 'DE', 'FR', 'IE', 'NO', 'GB', 'CA', 'HK', 'CN', 'US', 'IN', 'BR', 'AU', 'JP']) expect(countries, c).toContain(c);
    const regions = new Set([...countries].map((c) => regionOf(policy, c)?.name));
    expect([...regions].sort()).toEqual(policy.regions.map((r) => r.name).sort());
  });

  it('has minors, members turning 18 around the policy date, no birth dates, school flags, movers and closed accounts', () => {
    const age18 = (birth: string): number => Date.UTC(Number(birth.slice(0, 4)) + 18, Number(birth.slice(5, 7)) - 1, Number(birth.slice(8, 10)));
    const births = members.filter((m) => typeof m.birthDate === 'string').map((m) => m.birthDate as string);
    expect(births.some((b) => age18(b) > EFFECTIVE + 200 * 86_400_000)).toBe(true); // minors
    expect(births.some((b) => Math.abs(age18(b) - EFFECTIVE) < 120 * 86_400_000)).toBe(true); // turning 18
    expect(members.some((m) => m.birthDate === undefined)).toBe(true);
    expect(members.some((m) => m.inSecondarySchool === true)).toBe(true);
    const byId = new Map<unknown, Row[]>();
    for (const m of members) byId.set(m.id, [...(byId.get(m.id) ?? []), m]);
    const histories = [...byId.values()];
    expect(histories.some((rows) => rows.length > 1 && new Set(rows.map((r) => r.country)).size > 1)).toBe(true);
    expect(histories.some((rows) => rows.some((r) => r.closedAt !== undefined && r.validFrom !== undefined))).toBe(true);
    // Later rows carry validFrom; first rows do not.
    for (const rows of histories) {
      expect(rows[0]!.validFrom).toBeUndefined();
      for (const r of rows.slice(1)) expect(r.validFrom).toBeDefined();
    }
    // Names in their languages.
    const names = members.map((m) => m.name as string).join('\n');
    for (const ch of ['é', 'ü', 'ø', 'ñ']) expect(names).toContain(ch);
    expect(/[\u4e00-\u9fff]/.test(names)).toBe(true);
  });

  it('has every kind, visibility and group category, with group posts in groups', () => {
    expect(new Set(content.map((c) => c.kind))).toEqual(new Set(CONTENT_KINDS));
    expect(new Set(content.map((c) => c.visibility))).toEqual(new Set(VISIBILITIES));
    const cats = new Set(groups.map((g) => g.category));
    for (const c of SPECIAL_CATEGORIES) expect(cats).toContain(c);
    expect(cats).toContain(undefined);
    expect([...cats].filter((c) => c !== undefined && !(SPECIAL_CATEGORIES as readonly unknown[]).includes(c)).length).toBeGreaterThan(3);
    expect(content.filter((c) => c.kind === 'group-post').every((c) => typeof c.groupId === 'string')).toBe(true);
    const sensitive = new Set(groups.filter((g) => (SPECIAL_CATEGORIES as readonly unknown[]).includes(g.category)).map((g) => g.id));
    expect(content.some((c) => sensitive.has(c.groupId))).toBe(true);
    expect(groups.some((g) => g.validFrom !== undefined)).toBe(true);
    // Mostly public shared content.
    const pub = content.filter((c) => c.visibility === 'public').length;
    expect(pub / content.length).toBeGreaterThan(0.45);
  });

  it('has deleted, edited and made-private items, over 2023–2026 and after the effective date', () => {
    expect(content.some((c) => c.deletedAt !== undefined && c.validFrom === undefined)).toBe(true);
    expect(content.some((c) => c.deletedAt !== undefined && c.validFrom !== undefined)).toBe(true);
    const first = new Map<unknown, Row>();
    let edited = 0, madePrivate = 0;
    for (const c of content) {
      const f = first.get(c.id);
      if (f === undefined) first.set(c.id, c);
      else {
        if (f.text !== c.text) edited++;
        if (f.visibility === 'public' && c.visibility !== 'public') madePrivate++;
      }
    }
    expect(edited).toBeGreaterThan(0);
    expect(madePrivate).toBeGreaterThan(0);
    const years = new Set(content.map((c) => String(c.createdAt).slice(0, 4)));
    for (const y of ['2023', '2024', '2025', '2026']) expect(years).toContain(y);
    expect(content.some((c) => Date.parse(c.createdAt as string) > EFFECTIVE)).toBe(true);
    for (const c of content) if (c.deletedAt !== undefined) expect(String(c.deletedAt) >= String(c.createdAt)).toBe(true);
  });

  it('writes texts of about 250 bytes in several languages with mentions of real members', () => {
    const texts = content.map((c) => c.text as string);
    const avg = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / texts.length;
    expect(avg).toBeGreaterThan(180);
    expect(avg).toBeLessThan(350);
    const all = texts.join('\n');
    for (const marker of ['Congratulations', 'Gefeliciteerd', 'Glückwunsch', 'Félicitations', 'Enhorabuena']) expect(all).toContain(marker);
    const ids = new Set(members.map((m) => m.id));
    const mentions = [...all.matchAll(/@\[([^\]]*)\]\(member:([A-Za-z0-9._:-]+)\)/g)];
    expect(mentions.length).toBeGreaterThan(100);
    expect(mentions.filter((m) => ids.has(m[2])).length / mentions.length).toBeGreaterThan(0.95);
    expect(mentions.some((m) => !ids.has(m[2]))).toBe(true); // someone who is not a member
    // A mention shows the member's name (or first name) as the member file has it.
    const nameOf = new Map(members.map((m) => [m.id, m.name as string]));
    const first = mentions.find((m) => ids.has(m[2]))!;
    expect(nameOf.get(first[2])!.includes(first[1]!)).toBe(true);
  });

  it('puts personal data of every §5 entity into texts, valid by its check, and hard negatives', () => {
    const all = content.map((c) => c.text as string).join('\n');
    expect(all).toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/);
    const ibans = [...all.matchAll(/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g)].map((m) => m[0].replace(/ /g, ''));
    expect(ibans.some(ibanValid)).toBe(true);
    expect(ibans.some((i) => !ibanValid(i))).toBe(true); // a negative
    const cards = [...all.matchAll(/\b\d{4}(?:[ -]?\d{2,6}){2,4}\b/g)].map((m) => m[0].replace(/[ -]/g, '')).filter((d) => d.length >= 13 && d.length <= 19);
    expect(cards.some(luhnValid)).toBe(true);
    expect(cards.some((d) => !luhnValid(d))).toBe(true);
    expect(/\b(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/.test(all)).toBe(true); // SSN
    expect([...all.matchAll(/\b\d{9}\b/g)].some((m) => bsnValid(m[0]))).toBe(true); // BSN
    expect(/\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/.test(all)).toBe(true); // NINO
    expect(/\b(?:\d{1,3}\.){3}\d{1,3}\b/.test(all)).toBe(true); // IPv4
    expect(/\b[0-9a-f]{1,4}:[0-9a-f:]*::?[0-9a-f]{1,4}\b/.test(all)).toBe(true); // IPv6
    expect(/\+\d{1,3} \(?\d/.test(all)).toBe(true); // international phone
    expect(/(?<![\d+])0\d{1,4}[ -]\d{3,8}/.test(all)).toBe(true); // national
    expect(/\(\d{3}\) \d{3}-\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b/.test(all)).toBe(true); // North American
    // Hard negatives: dates, times, amounts, versions, order numbers.
    expect(/\b\d{2}[-.]\d{2}[-.]20\d{2}\b/.test(all)).toBe(true);
    expect(/\b\d{1,2}:\d{2}\b/.test(all)).toBe(true);
    expect(/[€$£]\s?\d/.test(all)).toBe(true);
    expect(/\bv\d+\.\d+\.\d+\b/.test(all)).toBe(true);
    expect(/ORD-20\d{2}-\d+|#\d{8}\b/.test(all)).toBe(true);
    for (const k of ['EMAIL', 'IBAN', 'CARD', 'ID', 'IP', 'PHONE'] as const) expect(summary.pii[k], k).toBeGreaterThan(0);
  });

  it('has consent events over time: opt-outs with evidence, opt-ins again, objections, gpc, same instants', () => {
    const settingDenies = consent.filter((e) => e.method === 'setting' && e.choice === 'deny' && (e.purpose === 'train-genai' || e.purpose === 'train-ai'));
    expect(settingDenies.length).toBeGreaterThan(50);
    const ev = settingDenies.find((e) => e.noticeVersion !== undefined)!;
    expect(Object.keys(ev.evidence as object).sort()).toEqual(['ip', 'language', 'url', 'userAgent']);
    expect(String((ev.evidence as Row).ip)).toMatch(/(\.0|::)$/);
    const denied = new Set(settingDenies.map((e) => e.subject));
    expect(consent.some((e) => e.choice === 'allow' && denied.has(e.subject))).toBe(true);
    expect(consent.some((e) => e.method === 'objection-form')).toBe(true);
    const gpc = consent.filter((e) => e.method === 'gpc');
    expect(new Set(gpc.map((e) => e.purpose))).toEqual(new Set(['share-affiliates-ads', 'train-ai']));
    expect(new Set(consent.map((e) => e.purpose)).size).toBe(4);
    const seen = new Set<string>();
    let same = 0;
    for (const e of consent) {
      const k = `${String(e.subject)} ${String(e.at)}`;
      if (seen.has(k)) same++;
      seen.add(k);
    }
    expect(same).toBeGreaterThan(0);
    // Opt-outs are more frequent in the EU than in the rest of the world.
    const region = new Map(members.filter((m) => m.validFrom === undefined).map((m) => [m.id, regionOf(policy, m.country as string)?.name]));
    const rate = (name: string): number => {
      const pop = [...region.values()].filter((r) => r === name).length;
      const out = new Set(settingDenies.filter((e) => region.get(e.subject) === name).map((e) => e.subject)).size;
      return out / pop;
    };
    expect(rate('designated-countries')).toBeGreaterThan(rate('rest-of-world'));
  });

  it('serves notices of every version, mostly in the window, some late, some members never', () => {
    const versions = new Set(notices.map((n) => n.noticeVersion));
    expect(versions).toEqual(new Set(['eu-2025-11', 'uk-2025-11', 'intl-2025-11']));
    for (const r of policy.regions) if (r.notice) expect(versions).toContain(r.notice.version);
    expect(new Set(notices.map((n) => n.channel))).toEqual(new Set(['in-app', 'email', 'banner']));
    const inWindow = notices.filter((n) => String(n.at) >= '2025-09-18' && String(n.at) < '2025-11-01').length;
    expect(inWindow / notices.length).toBeGreaterThan(0.6);
    expect(notices.some((n) => String(n.at) > '2025-10-04T00:00:00.000Z' && String(n.at) < '2025-11-03')).toBe(true);
    const notified = new Set(notices.map((n) => n.subject));
    const needNotice = members.filter((m) => m.validFrom === undefined && regionOf(policy, m.country as string)?.requireNotice === true);
    expect(needNotice.some((m) => !notified.has(m.id))).toBe(true);
  });

  it('has objections whose identifiers appear in other members’ posts, and a few by members', () => {
    const all = content.map((c) => c.text as string).join('\n');
    const pool = objections.filter((o) => String(o.id).startsWith('obj-'));
    expect(pool.length).toBeGreaterThan(5);
    const appears = (o: Row): boolean =>
      (typeof o.name === 'string' && o.name.includes(' ') && all.includes(o.name)) ||
      ((o.emails as string[] | undefined) ?? []).some((e) => all.includes(e)) ||
      ((o.handles as string[] | undefined) ?? []).some((h) => all.includes(`@${h}`));
    expect(pool.filter(appears).length / pool.length).toBeGreaterThan(0.9);
    expect(pool.some((o) => typeof o.name === 'string' && o.name.trim().split(/\s+/).length >= 2)).toBe(true);
    expect(pool.some((o) => typeof o.name === 'string' && !/\s/.test(o.name))).toBe(true); // a one-word name
    expect(pool.some((o) => (o.urls as string[] | undefined)?.length)).toBe(true);
    const memberIds = new Set(members.map((m) => m.id));
    expect(objections.some((o) => memberIds.has(o.id))).toBe(true);
    // Every url names an item that exists.
    const ids = new Set(content.map((c) => c.id));
    for (const o of pool) for (const u of (o.urls as string[] | undefined) ?? []) expect(ids.has(u.slice(u.lastIndexOf('/') + 1))).toBe(true);
  });

  it('summarises what it made', () => {
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as GenerateSummary;
    expect(s.members).toBe(2000);
    expect(s.files['members.jsonl']!.rows).toBe(members.length);
    expect(s.ledger.notices).toBe(notices.length);
    expect(s.objections.objections).toBe(objections.length);
    expect(Object.keys(s.content.byKind).length).toBe(CONTENT_KINDS.length);
  });
});
