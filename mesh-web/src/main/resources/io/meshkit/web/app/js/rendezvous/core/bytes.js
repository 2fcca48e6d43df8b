// The bytes both implementations must agree on (docs/PROTOCOL.md §13.2.5, §13.2.6): the signed note and the
// inputs of the special secret's HKDF. Pure; the signing, HKDF and HMAC themselves are WebCrypto's, in the adapter.

import { concat, fromHex, utf8 } from '../../contacts/core/bytes.js';

export const NOTE_LABEL = 'meshkit-rendezvous-note-v1';
export const SECRET_INFO = 'meshkit-rendezvous-secret-v1';
export const CHECK_LABEL = 'meshkit-rendezvous-check-v1';
export const PHASE_LABEL = 'meshkit-rendezvous-phase-v1';
const KEY_BYTES = 65;
const CONTRIBUTION_BYTES = 32;

function field(bytes) {
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, bytes.length, false);
  return [len, bytes];
}

function key(hex) {
  const raw = fromHex(hex, KEY_BYTES);
  if (!raw || raw[0] !== 0x04) throw new Error('not an identity key');
  return raw;
}

/** The signed bytes of a note: label, signer's key, recipient's key, Transport ID, issued (8 bytes), each length-prefixed. */
export function noteBytes(signerKey, recipientKey, transportId, issued) {
  if (!Number.isSafeInteger(issued) || issued < 0) throw new Error('issued must be a non-negative integer');
  const time = new Uint8Array(8);
  new DataView(time.buffer).setBigUint64(0, BigInt(issued), false);
  return concat([utf8(NOTE_LABEL), key(signerKey), key(recipientKey), utf8(transportId), time].flatMap(field));
}

/** Unsigned byte order of two equal-length arrays: negative, zero or positive. */
export function compareBytes(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * HKDF's IKM and info for the pair's secret: with lo, hi the two keys in unsigned byte order and c_lo, c_hi their
 * owners' contributions, IKM = c_lo ‖ c_hi and info = "meshkit-rendezvous-secret-v1" ‖ lo ‖ hi. Ordered by key, not by
 * who offered, so that crossing offers agree without a further message.
 */
export function secretInputs(myKey, myContribution, theirKey, theirContribution) {
  const mine = key(myKey);
  const theirs = key(theirKey);
  const c1 = fromHex(myContribution, CONTRIBUTION_BYTES);
  const c2 = fromHex(theirContribution, CONTRIBUTION_BYTES);
  if (!c1 || !c2) throw new Error('a contribution is 32 bytes of hex');
  const meFirst = compareBytes(mine, theirs) < 0;
  return {
    ikm: meFirst ? concat([c1, c2]) : concat([c2, c1]),
    info: concat([utf8(SECRET_INFO), meFirst ? mine : theirs, meFirst ? theirs : mine]),
  };
}
