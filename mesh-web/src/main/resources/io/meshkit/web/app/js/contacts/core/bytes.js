// Bytes as the contact-link protocol writes them (docs/PROTOCOL.md §13.1.1): binary values travel as
// lower-case hex of an exact length; anything else is invalid.

const HEX = /^[0-9a-f]*$/;
const encoder = new TextEncoder();

/** Lower-case hex of `bytes`. */
export function toHex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** The bytes of `hex` when it is exactly `length` bytes of lower-case hex, else null. */
export function fromHex(hex, length) {
  if (typeof hex !== 'string' || hex.length !== length * 2 || !HEX.test(hex)) return null;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function utf8(text) {
  return encoder.encode(text);
}

export function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equalBytes(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
