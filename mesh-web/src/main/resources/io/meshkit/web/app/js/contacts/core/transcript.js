// The identity handshake's transcript (docs/PROTOCOL.md §13.1.3) and the DTLS fingerprint it binds,
// read from an SDP (RFC 8122 §5). Pure: the signing itself is WebCrypto's, in the adapter.

import { concat, utf8 } from './bytes.js';
import { CONTACT_LIMITS as L } from './settings.js';

export const LABEL = 'meshkit-contact-handshake-v1';
export const ROLES = Object.freeze({ initiator: 'initiator', responder: 'responder' });
const MAX_SDP_CHARS = 64 * 1024;

function field(bytes) {
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, bytes.length, false);
  return [len, bytes];
}

/**
 * The bytes the side with `role` signs: ten fields, each its 4-byte big-endian length and its bytes.
 * Every value is as seen by both sides: the initiator's (the side that opened the link) first.
 */
export function transcript(role, t) {
  if (role !== ROLES.initiator && role !== ROLES.responder) throw new Error('role must be initiator or responder');
  const sizes = [[t.initiatorFp, L.fingerprintBytes], [t.responderFp, L.fingerprintBytes], [t.initiatorKey, L.keyBytes],
    [t.responderKey, L.keyBytes], [t.initiatorNonce, L.nonceBytes], [t.responderNonce, L.nonceBytes]];
  for (const [v, n] of sizes) if (!(v instanceof Uint8Array) || v.length !== n) throw new Error('wrong field size');
  return concat([LABEL, role, t.initiatorId, t.responderId].map(utf8).concat(
    [t.initiatorFp, t.responderFp, t.initiatorKey, t.responderKey, t.initiatorNonce, t.responderNonce])
    .flatMap(field));
}

/**
 * The 32 bytes of the SDP's `a=fingerprint:sha-256` attribute, or null when it has none, a malformed one,
 * or two different ones (then which certificate DTLS uses is ambiguous, and the link cannot be bound).
 */
export function sha256Fingerprint(sdp) {
  if (typeof sdp !== 'string' || sdp.length > MAX_SDP_CHARS) return null;
  let found = null;
  for (const line of sdp.split(/\r?\n/)) {
    if (!line.startsWith('a=fingerprint:')) continue;
    const value = line.slice('a=fingerprint:'.length).trim();
    const space = value.indexOf(' ');
    if (space < 0 || value.slice(0, space).toLowerCase() !== 'sha-256') continue; // another hash: not bound
    const fp = parsePairs(value.slice(space + 1).trim());
    if (fp === null || (found !== null && !same(found, fp))) return null;
    found = fp;
  }
  return found;
}

function parsePairs(s) {
  const pairs = s.split(':');
  if (pairs.length !== L.fingerprintBytes || !pairs.every((p) => /^[0-9A-Fa-f]{2}$/.test(p))) return null;
  return Uint8Array.from(pairs, (p) => parseInt(p, 16));
}

function same(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
