/**
 * IP (spec §5): IPv4 dotted quads with each part 0–255, and IPv6 addresses in the text forms of
 * RFC 4291 §2.2: eight groups, `::` compression, and a dotted-quad tail (`::ffff:192.0.2.1`), with
 * at least one hex digit (a bare `::` is not an address).
 *
 * IPv6 is matched first so that the IPv4 tail of a mapped address is not redacted on its own.
 * A zone (`%eth0`), a port or a prefix length (`/64`) stays as text after the placeholder.
 * A four-part version number (`1.2.3.4`) cannot be told from an address by its shape: it is kept
 * after a `v` (`v1.2.3.4`) or a word that names a version (`Version 1.0.0.0`, `build: 10.2.0.1`),
 * and with a fifth part; otherwise it is redacted.
 */
import { isWordAt } from './chars.js';
import type { RedactionRule, Tally } from './rule.js';

// A four-part version number cannot be told from an address by its shape: after a word that
// names a version ("Version 1.0.0.0", "build: 10.2.0.1") it is taken as one.
const VERSION_WORD = String.raw`(?<!(?:[Vv]ersion|[Vv]ersie|[Vv]ersión|[Rr]elease|[Bb]uild|[Ff]irmware|[Vv]er\.)[ :]{1,3})`;
const V4 = new RegExp(String.raw`(?<![\p{L}\p{N}_])(?<!\p{N}\.)${VERSION_WORD}[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?![\p{L}\p{N}_])(?!\.\p{N})`, 'gu');
// A maximal run of hex digits, dots and colons holding at least two colons. The lookbehind makes
// every run start once (linear time); word boundaries are checked afterwards.
const V6_RUN = /(?<![0-9A-Fa-f.:])(?:[0-9A-Fa-f.]*:){2}[0-9A-Fa-f.:]*/g;

/** A dotted quad with parts of 1–3 digits, each 0–255. */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length < 1 || p.length > 3) return false;
    for (let i = 0; i < p.length; i++) if (p.charCodeAt(i) < 48 || p.charCodeAt(i) > 57) return false;
    if (Number(p) > 255) return false;
  }
  return true;
}

function isHexGroup(g: string): boolean {
  return /^[0-9A-Fa-f]{1,4}$/.test(g);
}

/** RFC 4291 §2.2 text forms. */
export function isIPv6(s: string): boolean {
  let head = s;
  let v4Groups = 0;
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return false;
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    v4Groups = 2;
    head = s.slice(0, lastColon + 1);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  if (head.includes('.')) return false;
  const dbl = head.indexOf('::');
  if (dbl >= 0) {
    if (head.indexOf('::', dbl + 1) >= 0) return false;
    const left = head.slice(0, dbl);
    const right = head.slice(dbl + 2);
    const groups = [...(left === '' ? [] : left.split(':')), ...(right === '' ? [] : right.split(':'))];
    if (!groups.every(isHexGroup)) return false;
    const count = groups.length + v4Groups;
    return count >= 1 && count <= 7;
  }
  const groups = head.split(':');
  return groups.every(isHexGroup) && groups.length + v4Groups === 8;
}

function redactV6Run(run: string, offset: number, text: string, tally: Tally): string {
  let start = 0;
  let end = run.length;
  while (end > start && run.charCodeAt(end - 1) === 46) end--; // a sentence dot
  if (end - start >= 2 && run[end - 1] === ':' && run[end - 2] !== ':') end--; // "at fe80::1:"
  if (end - start >= 2 && run[start] === ':' && run[start + 1] !== ':') start++; // "IP:fe80::1"
  if (isWordAt(text, offset + start - 1) || isWordAt(text, offset + end)) return run;
  if (!isIPv6(run.slice(start, end))) return run;
  tally.n++;
  return run.slice(0, start) + '[IP]' + run.slice(end);
}

export const ipRule: RedactionRule = {
  entity: 'IP',
  placeholder: '[IP]',
  apply(text: string, tally: Tally): string {
    let out = text;
    if (out.indexOf(':') >= 0) {
      V6_RUN.lastIndex = 0;
      const src = out;
      out = out.replace(V6_RUN, (run: string, offset: number) => redactV6Run(run, offset, src, tally));
    }
    if (out.indexOf('.') >= 0) {
      V4.lastIndex = 0;
      out = out.replace(V4, (m: string) => {
        if (!isIPv4(m)) return m;
        tally.n++;
        return '[IP]';
      });
    }
    return out;
  },
};
