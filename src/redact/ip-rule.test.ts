import { describe, expect, it } from 'vitest';
import { isIPv6 } from './ip-rule.js';
import { redact } from './redactor.js';

const r = (t: string) => redact(t, new Set(['IP'])).text;

describe('IP rule', () => {
  it.each([
    '::1', '1::', 'fe80::', '2001:db8::8a2e:370:7334', '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
    '::ffff:192.0.2.1', '64:ff9b::192.0.2.33', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', 'ABCD::EF',
  ])('parses %s as IPv6', (s) => expect(isIPv6(s)).toBe(true));

  it.each([
    '::', ':::1', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::1', 'g::1', '1:2:3:4:5:6:7:1.2.3.4', '::1.2.3.256', '10:30:45',
  ])('rejects %s', (s) => expect(isIPv6(s)).toBe(false));

  it.each([
    ['192.168.0.1', '[IP]'],
    ['0.0.0.0 and 255.255.255.255', '[IP] and [IP]'],
    ['host 10.0.0.1:8080.', 'host [IP]:8080.'],
    ['10.0.0.0/8', '[IP]/8'],
    ['fe80::1%eth0', '[IP]%eth0'],
    ['[2001:db8::1]:443', '[[IP]]:443'],
    ['IP:fe80::1', 'IP:[IP]'],
    ['at fe80::1: done', 'at [IP]: done'],
    ['::ffff:192.0.2.1', '[IP]'],
    ['2001:db8::/32', '[IP]/32'],
    ['Server 2001:DB8::1.', 'Server [IP].'],
  ])('redacts %s', (text, expected) => expect(r(text)).toBe(expected));

  it.each([
    ['a part above 255', '256.1.1.1'],
    ['three parts', '1.2.3'],
    ['five parts', '1.2.3.4.5'],
    ['a version with v', 'v1.2.3.4'],
    ['a version after its name', 'Version 1.0.0.0'],
    ['a Dutch version', 'versie: 10.2.0.1'],
    ['a build number', 'Build 4.1.0.12'],
    ['a time', '10:30:45'],
    ['a MAC address', '00:1A:2B:3C:4D:5E'],
    ['a bare ::', 'a :: b'],
    ['C++ scope', 'std::vector'],
    ['glued to a word', 'xfe80::1'],
    ['a date', '2025.11.03'],
  ])('keeps (%s) %s', (_why, text) => expect(r(text)).toBe(text));
});
