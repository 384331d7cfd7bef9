import { describe, expect, it } from 'vitest';
import { redact } from './redactor.js';

const r = (t: string) => redact(t, new Set(['PHONE'])).text;

describe('PHONE rule', () => {
  it.each([
    // international: + and 7–17 digits
    ['+31612345678', '[PHONE]'],
    ['+31 6 12345678', '[PHONE]'],
    ['+31 (0)20 123 4567', '[PHONE]'],
    ['+44 20 7946 0958', '[PHONE]'],
    ['+49-89-1234567', '[PHONE]'],
    ['+33.6.12.34.56.78', '[PHONE]'],
    ['(+31) 20 1234567', '[PHONE]'],
    ['+1 2 3 4 5 6 7', '[PHONE]'],
    ['+1234567', '[PHONE]'],
    ['+12345678901234567', '[PHONE]'],
    ['0031 20 123 4567', '[PHONE]'],
    // national: trunk 0, 7–11 digits
    ['0612345678', '[PHONE]'],
    ['06-12345678', '[PHONE]'],
    ['020 123 45 67', '[PHONE]'],
    ['(020) 1234567', '[PHONE]'],
    ['030 12345678', '[PHONE]'],
    ['01.23.45.67.89', '[PHONE]'],
    ['0123456', '[PHONE]'],
    ['01234567890', '[PHONE]'],
    // North American
    ['(555) 123-4567', '[PHONE]'],
    ['(555)123-4567', '[PHONE]'],
    ['555-123-4567', '[PHONE]'],
    ['555.123.4567', '[PHONE]'],
    ['555 123 4567', '[PHONE]'],
    ['1-800-555-0199', '[PHONE]'],
    // in text
    ['call (06 12345678) now', 'call ([PHONE]) now'],
    ['Tel.: 030 12345678, Fax: 030 12345679', 'Tel.: [PHONE], Fax: [PHONE]'],
    ['0612345678 0687654321', '[PHONE] [PHONE]'],
    ['born 1985 07911 123456', 'born 1985 [PHONE]'],
    ['+1 (555) 123-4567 ext. 12', '[PHONE] ext. 12'],
  ])('redacts %s', (text, expected) => expect(r(text)).toBe(expected));

  it.each([
    ['date with dots', '01.02.2024'],
    ['date with dashes', '05-11-2025'],
    ['ISO date', '2025-11-03'],
    ['time', '10:30'],
    ['date and time', '01.02.2024 10:30'],
    ['short date and dotted time', '01.02.24 10.30'],
    ['dotted time range', '09.30-11.45'],
    ['date with spaces', '01 02 2024'],
    ['too few after +', '+123456'],
    ['too many after +', '+123456789012345678'],
    ['national too short', '012345'],
    ['national too long', '012345678901'],
    ['plain run without trunk', '1234567890'],
    ['North American without separators', '5551234567'],
    ['decimal', '0.1234567'],
    ['ISBN', '0-306-40615-2'],
    ['leading-zero order number', '00012345'],
    ['uniform groups', '0123 4567 8901 2345'],
    ['amount', '€1,234.56'],
    ['version', 'v2.10.3'],
    ['year', 'in 2025'],
    ['glued to a word', 'ref0612345678'],
    ['code with a dash', 'RE-0612345678'],
    ['slash fraction', '12/0612345678'],
    ['double space', '06  12345678'],
    ['tail of a failed IBAN', 'NL91 ABNA 0417 1643 01'],
  ])('keeps (%s) %s', (_why, text) => expect(r(text)).toBe(text));
});
