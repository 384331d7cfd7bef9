/** Shared option parsing for commands: times, the policy, the store. */
import { ConsentgateError } from '../domain/issues.js';
import { parseTime, type Millis } from '../domain/time.js';

export function timeOption(value: string, flag: string): Millis {
  const t = parseTime(value);
  if (t === undefined) {
    throw new ConsentgateError('bad-option', [{ field: flag, message: `${flag} is not a time`, expected: 'an RFC 3339 time or a date such as 2025-11-10', received: value }]);
  }
  return t;
}

export function intOption(value: string, flag: string, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new ConsentgateError('bad-option', [{ field: flag, message: `${flag} is not a whole number of at least ${min}`, expected: `an integer >= ${min}`, received: value }]);
  }
  return n;
}
