import { describe, expect, it } from 'vitest';
import { bsnValid, ssnValid } from './id-rule.js';
import { redact } from './redactor.js';

const r = (t: string) => redact(t, new Set(['ID'])).text;

describe('ID rule', () => {
  it('checks SSN parts', () => {
    expect(ssnValid('078-05-1120')).toBe(true);
    for (const bad of ['000-12-3456', '666-12-3456', '900-12-3456', '999-12-3456', '123-00-4567', '123-45-0000']) expect(ssnValid(bad)).toBe(false);
  });

  it('checks the BSN 11-check', () => {
    expect(bsnValid('111222333')).toBe(true);
    expect(bsnValid('123456782')).toBe(true);
    expect(bsnValid('123456789')).toBe(false);
  });

  it.each([
    ['SSN 078-05-1120', 'SSN [ID]'],
    ['665-12-3456', '[ID]'],
    ['899-99-9999.', '[ID].'],
    ['BSN 111222333', 'BSN [ID]'],
    ['BSN: 123456782, ok', 'BSN: [ID], ok'],
    ['AB123456C', '[ID]'],
    ['AB 12 34 56 C', '[ID]'],
    ['QQ 123456 D', '[ID]'],
    ['AB12 34 56C', '[ID]'],
    ['ab123456c', '[ID]'],
    ['(ZZ 12 34 56 A)', '([ID])'],
  ])('redacts %s', (text, expected) => expect(r(text)).toBe(expected));

  it.each([
    ['SSN area 000', '000-12-3456'],
    ['SSN area 666', '666-12-3456'],
    ['SSN area 9xx', '912-12-3456'],
    ['SSN group 00', '123-00-3456'],
    ['SSN serial 0000', '123-45-0000'],
    ['SSN without dashes', '078 05 1120'],
    ['SSN inside a longer run', '1-078-05-1120'],
    ['BSN failing the 11-check', '123456789'],
    ['ten digits', '1112223334'],
    ['BSN as the subscriber part of a phone', '+31 111222333'],
    ['NINO suffix E', 'AB123456E'],
    ['NINO double space', 'AB  12 34 56 C'],
    ['NINO lower case spaced', 'at 12 34 56 a'],
    ['NINO glued', 'XAB123456C'],
  ])('keeps (%s) %s', (_why, text) => expect(r(text)).toBe(text));
});
