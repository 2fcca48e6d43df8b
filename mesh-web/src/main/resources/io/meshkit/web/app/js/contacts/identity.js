// The user's identity with WebCrypto (docs/PROTOCOL.md §13.1.1, §13.1.8): an ECDSA P-256 key pair made once
// with a non-extractable private key (kept in IndexedDB as a CryptoKey: script can use it, never read it);
// the public key as its raw point, fingerprints, P1363 signatures, and the safety number. Needs a secure
// context (HTTPS or localhost): crypto.subtle exists only there.

import { fromHex, toHex, concat, utf8 } from './core/bytes.js';

const ECDSA = Object.freeze({ name: 'ECDSA', namedCurve: 'P-256' });
const SIGN = Object.freeze({ name: 'ECDSA', hash: 'SHA-256' });
const SAFETY_LABEL = 'meshkit-safety-number-v1';
const SAFETY_ROUNDS = 5_200;

function subtle() {
  if (!globalThis.crypto?.subtle) {
    throw new Error('WebCrypto is not available: the app must be served over HTTPS (or from localhost)');
  }
  return globalThis.crypto.subtle;
}

/** SHA-256 of the key's 65 raw bytes, 64 lower-case hex digits: how a key is named. */
export async function fingerprint(raw) {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', raw)));
}

export class Identity {
  constructor(pair, raw, fp) {
    this.pair = pair;
    this.raw = raw;
    this.key = toHex(raw);
    this.fingerprint = fp;
  }

  /** The stored identity, or a new one (stored before it is used). */
  static async load(store) {
    let pair = await store.get('identity');
    if (!pair || !(pair.privateKey instanceof CryptoKey)) {
      // extractable = false: the private key can sign, never be exported (the public key always can).
      pair = await subtle().generateKey(ECDSA, false, ['sign', 'verify']);
      await store.put('identity', pair);
    }
    const raw = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
    return new Identity(pair, raw, await fingerprint(raw));
  }

  /** ECDSA P-256 with SHA-256 over `bytes`: 64 bytes r ‖ s (IEEE P1363), as hex. */
  async sign(bytes) {
    return toHex(new Uint8Array(await subtle().sign(SIGN, this.pair.privateKey, bytes)));
  }
}

/** The peer's key from its hex raw point; throws when it is not a point on P-256. */
export async function importKey(hex) {
  const raw = fromHex(hex, 65);
  if (!raw || raw[0] !== 0x04) throw new Error('not an uncompressed P-256 point');
  return subtle().importKey('raw', raw, ECDSA, true, ['verify']);
}

/** True when `signatureHex` (P1363) is a valid signature of `bytes` by the key `keyHex`. */
export async function verify(keyHex, bytes, signatureHex) {
  const sig = fromHex(signatureHex, 64);
  if (!sig) return false;
  try {
    return await subtle().verify(SIGN, await importKey(keyHex), sig, bytes);
  } catch {
    return false;
  }
}

const digitsCache = new Map();

/** The 30 digits of one key (§13.1.8): iterated SHA-512, six 40-bit numbers mod 100,000. */
export async function safetyDigits(keyHex) {
  if (digitsCache.has(keyHex)) return digitsCache.get(keyHex);
  const raw = fromHex(keyHex, 65);
  if (!raw) throw new Error('not a key');
  let h = new Uint8Array(await subtle().digest('SHA-512', concat([utf8(SAFETY_LABEL), raw])));
  for (let i = 1; i < SAFETY_ROUNDS; i++) h = new Uint8Array(await subtle().digest('SHA-512', concat([h, raw])));
  let out = '';
  for (let chunk = 0; chunk < 6; chunk++) {
    let v = 0n;
    for (let j = 0; j < 5; j++) v = (v << 8n) | BigInt(h[chunk * 5 + j]);
    out += (v % 100_000n).toString().padStart(5, '0');
  }
  digitsCache.set(keyHex, out);
  return out;
}

/** The 60-digit safety number of two keys, the same whatever their order. */
export async function safetyNumber(keyA, keyB) {
  const [a, b] = await Promise.all([safetyDigits(keyA), safetyDigits(keyB)]);
  return a <= b ? a + b : b + a;
}

/** The number in 12 groups of 5, for reading aloud. */
export function grouped(number) {
  return number.match(/.{1,5}/g).join(' ');
}
