import { describe, expect, it } from 'vitest';
import * as pii from './pii.js';
import { Rng, seedWords } from './prng.js';

const rng = Rng.of(seedWords('pii-test'), 1, 1);
const times = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);
const COUNTRIES = ['NL', 'DE', 'AT', 'CH', 'FR', 'BE', 'GB', 'IE', 'ES', 'IN', 'BR', 'AU', 'JP', 'CN', 'HK', 'NO', 'SE', 'CA', 'US', 'MX', 'ZA', 'XK'];

describe('personal data the generator writes is valid by the rule of spec §5', () => {
  it('IBANs pass mod-97, grouped by four or compact', () => {
    for (const i of times(2000, () => pii.iban(rng))) {
      expect(pii.ibanValid(i.replace(/ /g, '')), i).toBe(true);
      expect(i).toMatch(/^[A-Z]{2}\d{2}(?:( ?)[A-Z0-9]{4})+(?: ?[A-Z0-9]{1,3})?$/);
    }
    // The check digits of a well-known example.
    expect(pii.ibanCheck('GB', 'NWBK60161331926819')).toBe('29');
  });

  it('cards pass Luhn and have 13 to 19 digits', () => {
    for (const c of times(2000, () => pii.card(rng))) {
      const d = c.replace(/[ -]/g, '');
      expect(d.length).toBeGreaterThanOrEqual(13);
      expect(d.length).toBeLessThanOrEqual(19);
      expect(pii.luhnValid(d), c).toBe(true);
    }
  });

  it('national ids: SSN ranges, BSN 11-check, NINO shape', () => {
    for (const s of times(1000, () => pii.ssn(rng))) {
      const [area, group, serial] = s.split('-');
      expect(area).not.toMatch(/^(000|666|9\d\d)$/);
      expect(group).not.toBe('00');
      expect(serial).not.toBe('0000');
    }
    for (const b of times(1000, () => pii.bsn(rng))) expect(pii.bsnValid(b), b).toBe(true);
    for (const n of times(1000, () => pii.nino(rng))) expect(n).toMatch(/^[A-Z]{2}(\d{6}| \d{2} \d{2} \d{2} )[A-D]$/);
  });

  it('IP addresses are well formed', () => {
    for (const a of times(2000, () => pii.ip(rng))) {
      if (a.includes(':')) {
        expect(a).toMatch(/[0-9a-f]/);
        const halves = a.split('::');
        expect(halves.length).toBeLessThanOrEqual(2);
        const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
        expect(groups.every((g) => /^[0-9a-f]{1,4}$/.test(g)), a).toBe(true);
        expect(halves.length === 2 ? groups.length < 8 : groups.length === 8).toBe(true);
      } else {
        const parts = a.split('.').map(Number);
        expect(parts.length).toBe(4);
        expect(parts.every((p) => p >= 0 && p <= 255)).toBe(true);
      }
    }
  });

  it('phones have the digit counts of §5: +cc and 6–14 digits, trunk 0 and 7–11, or North American', () => {
    for (const p of times(3000, () => pii.phone(rng, rng.pick(COUNTRIES)))) {
      const digits = p.replace(/\D/g, '');
      if (p.startsWith('+')) {
        expect(digits.length, p).toBeGreaterThanOrEqual(7);
        expect(digits.length, p).toBeLessThanOrEqual(17);
      } else if (p.startsWith('0')) {
        expect(digits.length, p).toBeGreaterThanOrEqual(7);
        expect(digits.length, p).toBeLessThanOrEqual(11);
      } else {
        expect(p).toMatch(/^(\(\d{3}\) \d{3}-\d{4}|\d{3}-\d{3}-\d{4}|\d{3}\.\d{3}\.\d{4}|\d{3} \d{3} \d{4})$/);
      }
    }
  });
});

describe('hard negatives fail their checks and hide no personal data', () => {
  it('invalid IBANs fail mod-97, also for every shorter prefix', () => {
    for (const i of times(1000, () => pii.invalidIban(rng))) {
      const c = i.replace(/ /g, '');
      for (let len = 8; len <= c.length; len++) expect(pii.ibanValid(c.slice(0, len)), i).toBe(false);
    }
  });

  it('invalid cards fail Luhn; invalid BSNs fail the 11-check; invalid SSNs are out of range', () => {
    for (const c of times(1000, () => pii.invalidCard(rng))) expect(pii.luhnValid(c.replace(/[ -]/g, '')), c).toBe(false);
    for (const b of times(1000, () => pii.invalidBsn(rng))) {
      expect(pii.bsnValid(b), b).toBe(false);
      expect(b.startsWith('0')).toBe(false);
    }
    for (const s of times(1000, () => pii.invalidSsn(rng))) expect(s).toMatch(/^(666|9\d\d)-\d{2}-\d{4}$/);
  });

  it('versions never have four parts and order numbers never nine bare digits or a leading zero', () => {
    for (const v of times(1000, () => pii.versionText(rng))) expect(v).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
    for (const o of times(1000, () => pii.orderText(rng))) {
      expect(o).not.toMatch(/(^|\D)\d{9}(\D|$)/);
      expect(o).not.toMatch(/(^|[^\dA-Z])0/);
    }
  });
});
