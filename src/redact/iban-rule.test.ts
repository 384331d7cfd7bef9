import { describe, expect, it } from 'vitest';
import { ibanChecksumValid } from './iban-rule.js';
import { redact } from './redactor.js';

const r = (t: string) => redact(t, new Set(['IBAN'])).text;

describe('IBAN rule', () => {
  it('checks mod 97', () => {
    expect(ibanChecksumValid('NL91ABNA0417164300')).toBe(true);
    expect(ibanChecksumValid('nl91abna0417164300')).toBe(true);
    expect(ibanChecksumValid('NL92ABNA0417164300')).toBe(false);
    expect(ibanChecksumValid('NO93860111179')).toBe(false); // shorter than any IBAN
  });

  it.each([
    ['NL91ABNA0417164300', '[IBAN]'],
    ['NL91 ABNA 0417 1643 00', '[IBAN]'],
    ['IBAN: DE89 3704 0044 0532 0130 00.', 'IBAN: [IBAN].'],
    ['GB82 WEST 1234 5698 7654 32 is mine', '[IBAN] is mine'],
    ['NO9386011117947', '[IBAN]'],
    ['NO93 8601 1117 947', '[IBAN]'],
    ['BE68 5390 0754 7034 from the club', '[IBAN] from the club'],
    ['FR14 2004 1010 0505 0001 3M02 606', '[IBAN]'],
    ['be68539007547034', '[IBAN]'],
    ['(ES91 2100 0418 4502 0005 1332)', '([IBAN])'],
  ])('redacts %s', (text, expected) => expect(r(text)).toBe(expected));

  it.each([
    'NL92ABNA0417164300',
    'NL91 ABNA 0417 1643 01',
    'NL91-ABNA-0417-1643-00',
    'XNL91ABNA0417164300',
    'NL91ABNA04171643001',
    'NL91  ABNA 0417 1643 00',
    'ABCD1234EFGH5678',
  ])('keeps %s', (text) => expect(r(text)).toBe(text));
});
