const HEX = /^[0-9a-f]*$/;

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strict: lowercase, even length; `expectedBytes` when given. Throws on anything else. */
export function hexToBytes(hex: string, expectedBytes?: number): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !HEX.test(hex)) {
    throw new Error(`not lowercase hex: ${JSON.stringify(hex).slice(0, 80)}`);
  }
  if (expectedBytes !== undefined && hex.length !== expectedBytes * 2) {
    throw new Error(`expected ${expectedBytes} bytes of hex, got ${hex.length / 2}`);
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function isHash(value: unknown): value is string {
  return typeof value === 'string' && value.length === 64 && HEX.test(value);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
