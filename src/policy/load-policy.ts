/** The I/O edge of the policy: reads a file (or the bundled default) and parses it. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConsentgateError } from '../domain/issues.js';
import type { Policy } from './policy.js';
import { parsePolicy } from './parse-policy.js';

/** The bundled default policy, `policies/genai-2025.yaml` (spec §3). */
export const DEFAULT_POLICY_PATH = fileURLToPath(new URL('../../policies/genai-2025.yaml', import.meta.url));

export function loadPolicy(path: string = DEFAULT_POLICY_PATH): Policy {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new ConsentgateError('policy-unreadable', [{ file: path, message: `cannot read the policy file: ${(cause as Error).message}` }], { cause });
  }
  const result = parsePolicy(bytes, path);
  if (!result.ok) throw new ConsentgateError('policy-invalid', result.issues);
  return result.value;
}
