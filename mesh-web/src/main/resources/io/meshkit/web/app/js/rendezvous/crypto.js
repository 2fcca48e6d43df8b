// The WebCrypto half of rendezvous (docs/PROTOCOL.md §13.2.6): the pair's secret by HKDF-SHA256 from the inputs the
// pure core lays out, its check, and the note signatures. The secret is imported as a non-extractable HMAC key right
// away, so that script (and the UI) can use it, never read it; the raw bytes exist only during the derivation.

import { secretInputs, CHECK_LABEL, PHASE_LABEL } from './core/bytes.js';
import { toHex } from '../contacts/core/bytes.js';

const HMAC = Object.freeze({ name: 'HMAC', hash: 'SHA-256' });
const encoder = new TextEncoder();

function subtle() {
  return globalThis.crypto.subtle;
}

/** The 32-byte secret (RFC 5869, salt none = zeros, L = 32), as bytes. */
export async function deriveSecretBytes(myKey, myContribution, theirKey, theirContribution) {
  const { ikm, info } = secretInputs(myKey, myContribution, theirKey, theirContribution);
  const base = await subtle().importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info },
    base, 256));
}

/** The secret as a non-extractable HMAC key: what is stored (IndexedDB keeps CryptoKeys as they are). */
export function secretKey(bytes, extractable = false) {
  return subtle().importKey('raw', bytes, HMAC, extractable, ['sign']);
}

async function mac(key, text) {
  return new Uint8Array(await subtle().sign('HMAC', key, encoder.encode(text)));
}

/** The first 16 bytes of HMAC-SHA256(secret, "meshkit-rendezvous-check-v1"), hex. */
export async function checkOf(key) {
  return toHex((await mac(key, CHECK_LABEL)).slice(0, 16));
}

/** The first two bytes of HMAC-SHA256(secret, "meshkit-rendezvous-phase-v1"), big-endian. */
export async function phaseOf(key) {
  const h = await mac(key, PHASE_LABEL);
  return (h[0] << 8) | h[1];
}

/** `{ns, priority}` of slot `index` (§13.2.1): HMAC of the slot label. */
export async function namespaceOf(key, label) {
  const h = toHex(await mac(key, label));
  return { ns: `rendezvous-${h.slice(0, 32)}`, priority: h.slice(32, 48) };
}
