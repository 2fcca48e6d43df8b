// The beacon (docs/PROTOCOL.md §13.3): a server-signed, rotating ID prefix. A browser only verifies (WebCrypto
// signs with a random nonce, and every client of a period must get the same beacon, §13.3.1): the canonical
// text, the signed bytes, the signature under the configured keys, the prefix. Following it (fetching each
// period, the overlap of two namespaces) is core/beacon-follower.js, run by beacon-driver.js.

const LABEL = 'meshkit-beacon-v1';
const PREFIX_LABEL = 'meshkit-beacon-prefix-v1';
const CANONICAL = /^1\.(0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,15})\.([0-9a-f]{128})$/;
const MIN_PERIOD = 10;
const MAX_PERIOD = 86_400;
const encoder = new TextEncoder();

const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (s) => Uint8Array.from(s.match(/../g), (p) => parseInt(p, 16));

/** `{period, index, signature}` of a beacon in its one canonical form (§13.3.2), or null for anything else. */
export function parseBeacon(text) {
  if (typeof text !== 'string' || text.length > 153) return null;
  const m = CANONICAL.exec(text);
  if (!m) return null;
  const period = Number(m[1]);
  const index = Number(m[2]);
  if (period < MIN_PERIOD || period > MAX_PERIOD || !Number.isSafeInteger(index)) return null;
  return { period, index, signature: fromHex(m[3]) };
}

/** The period index of `unixMillis` for a period of `seconds` (§13.3.1). */
export function periodIndex(unixMillis, seconds) {
  return Math.floor(unixMillis / (1000 * seconds));
}

/** ASCII(label) ‖ uint32be(L) ‖ uint64be(p): the 29 bytes an issuer signs. */
export function signedBytes(period, index) {
  const out = new Uint8Array(29);
  out.set(encoder.encode(LABEL), 0);
  const v = new DataView(out.buffer);
  v.setUint32(17, period, false);
  v.setBigUint64(21, BigInt(index), false);
  return out;
}

/** "b" + 16 hex digits of SHA-256(label ‖ r): the same for a signature and its (r, n − s) twin. */
export async function beaconPrefix(signature, subtle = globalThis.crypto.subtle) {
  const label = encoder.encode(PREFIX_LABEL);
  const data = new Uint8Array(label.length + 32);
  data.set(label, 0);
  data.set(signature.slice(0, 32), label.length);
  return 'b' + hex(new Uint8Array(await subtle.digest('SHA-256', data))).slice(0, 16);
}

/** A verification key from a JWK (as `GET /beacon/key` lists them) or a raw point in hex. */
export async function importBeaconKey(key, subtle = globalThis.crypto.subtle) {
  const alg = { name: 'ECDSA', namedCurve: 'P-256' };
  if (typeof key === 'string') return subtle.importKey('raw', fromHex(key), alg, false, ['verify']);
  const { kty, crv, x, y } = key;
  return subtle.importKey('jwk', { kty, crv, x, y }, alg, false, ['verify']);
}

/**
 * Checks `text` against `keys` (CryptoKeys), whatever the time: `{text, prefix, period, index}`, or null when the
 * beacon is malformed or not signed by any of the keys.
 */
export async function verifyBeacon(text, keys, subtle = globalThis.crypto.subtle) {
  const b = parseBeacon(text);
  if (!b) return null;
  const bytes = signedBytes(b.period, b.index);
  for (const key of keys) {
    if (await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, b.signature, bytes)) {
      return { text, prefix: await beaconPrefix(b.signature, subtle), period: b.period, index: b.index };
    }
  }
  return null;
}

/**
 * Checks `text` against `keys` (CryptoKeys) and the time: the prefix, or null when the beacon is malformed, not
 * signed by any key, or of a period that ended more than one period ago (§13.3.2: a client must not start using it).
 */
export async function verifiedPrefix(text, keys, nowMillis, subtle = globalThis.crypto.subtle) {
  const b = parseBeacon(text);
  if (!b) return null;
  const end = (b.index + 1) * b.period * 1000;
  if (nowMillis >= end + b.period * 1000) return null;
  const v = await verifyBeacon(text, keys, subtle);
  return v === null ? null : { prefix: v.prefix, period: v.period, index: v.index };
}
