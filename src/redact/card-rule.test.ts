import { describe, expect, it } from 'vitest';
import { luhnValid } from './card-rule.js';
import { redact } from './redactor.js';

const r = (t: string) => redact(t, new Set(['CARD'])).text;

describe('CARD rule', () => {
  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('378282246310005')).toBe(true);
  });

  it.each([
    ['4111111111111111', '[CARD]'],
    ['4111 1111 1111 1111', '[CARD]'],
    ['4111-1111-1111-1111', '[CARD]'],
    ['Amex 3782 822463 10005.', 'Amex [CARD].'],
    ['Diners 3056 930902 5904', 'Diners [CARD]'],
    ['4222222222222', '[CARD]'], // 13 digits
    ['6250941006528599', '[CARD]'],
    ['6200000000000000000', '[CARD]'], // 19 digits
    ['6200 0000 0000 0000 000', '[CARD]'],
    ['paid with 5555 5555 5555 4444, thanks', 'paid with [CARD], thanks'],
    ['4111 1111 1111 1111 2025', '[CARD] 2025'],
    ['(4111111111111111)', '([CARD])'],
  ])('redacts %s', (text, expected) => expect(r(text)).toBe(expected));

  it.each([
    ['Luhn fails', '4111 1111 1111 1112'],
    ['too short', '411111111111'],
    ['too long', '41111111111111111111'],
    ['inside a longer run', '94111111111111111'],
    ['glued to letters', 'x4111111111111111'],
    ['fraction of a decimal', '3.4111111111111111'],
    ['mixed separators', '4111 1111-1111 1111'],
    ['double space', '4111  1111 1111 1111'],
    ['odd grouping', '41 11 11 11 11 11 11 11'],
    ['an international phone', '+4111111111111111'],
    ['the tail of a failed IBAN', 'NL00 ABNA 4111 1111 1111 1111'],
  ])('keeps (%s) %s', (_why, text) => expect(r(text)).toBe(text));
});
