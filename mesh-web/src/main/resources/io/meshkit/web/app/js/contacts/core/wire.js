// The messages of contact links (docs/PROTOCOL.md §13.1.3–§13.1.6), with the conventions of the mesh
// messages (§4.1): unknown types and members are ignored, an invalid message is discarded. `decode`
// never throws and never quotes what it was given.

import { isValidDiscoveryUuid, isValidId } from '../../mesh/core/ids.js';
import { nameProblem } from '../../mesh/core/names.js';
import { CONTACT_LIMITS as L } from './settings.js';
import { fromHex } from './bytes.js';

export const HANDSHAKE_VERSION = 1;
const MAX_INTEGER = Number.MAX_SAFE_INTEGER;
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Why `text` cannot be a chat message (§13.1.6), or null. */
export function textProblem(text) {
  if (typeof text !== 'string' || text.length === 0) return 'text is empty';
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'text is not valid Unicode (an unpaired surrogate)';
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return 'text is not valid Unicode (an unpaired surrogate)';
    } else if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f)) {
      return `text contains a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')})`;
    }
    if (++count > L.textCodePoints) return `text is longer than ${L.textCodePoints} characters`;
  }
  return null;
}

export function isMessageId(id) {
  return typeof id === 'string' && MESSAGE_ID.test(id);
}

const isInteger = (v, min) => Number.isSafeInteger(v) && v >= min && v <= MAX_INTEGER;

class Invalid extends Error {}
function need(ok, why) {
  if (!ok) throw new Invalid(why);
}
function str(o, key) {
  need(typeof o[key] === 'string', `${key} is missing or not a string`);
  return o[key];
}
function hex(o, key, bytes) {
  const v = fromHex(o[key], bytes);
  need(v !== null, `${key} must be ${bytes * 2} lower-case hex digits`);
  return o[key];
}
function address(o, type) {
  const friendlyname = str(o, 'friendlyname');
  need(nameProblem(friendlyname) === null, 'friendlyname is not a valid name');
  const transportID = str(o, 'transportID');
  need(isValidId(transportID), 'transportID is not a valid PeerJS ID');
  const discoveryUUID = str(o, 'discoveryUUID');
  need(isValidDiscoveryUuid(discoveryUUID), 'discoveryUUID is not valid');
  return { type, friendlyname, transportID, discoveryUUID };
}

const READERS = {
  hello(o) {
    need(isInteger(o.version, 0), 'version is missing or not an integer');
    need(o.version >= HANDSHAKE_VERSION, 'version not supported');
    const key = hex(o, 'key', L.keyBytes);
    need(key.startsWith('04'), 'key is not an uncompressed P-256 point');
    return { type: 'hello', version: o.version, key, nonce: hex(o, 'nonce', L.nonceBytes) };
  },
  proof: (o) => ({ type: 'proof', signature: hex(o, 'signature', L.signatureBytes) }),
  request(o) {
    const friendlyname = str(o, 'friendlyname');
    need(nameProblem(friendlyname) === null, 'friendlyname is not a valid name');
    return { type: 'request', friendlyname };
  },
  accepted: (o) => address(o, 'accepted'),
  rejected: () => ({ type: 'rejected' }),
  confirm: (o) => address(o, 'confirm'),
  presence: (o) => address(o, 'presence'),
  message(o) {
    const id = str(o, 'id');
    need(isMessageId(id), 'id must be 1-64 of [A-Za-z0-9_-]');
    need(isInteger(o.seq, 1), 'seq out of range');
    need(isInteger(o.sent, 0), 'sent out of range');
    const text = str(o, 'text');
    const problem = textProblem(text);
    need(problem === null, problem);
    return { type: 'message', id, seq: o.seq, sent: o.sent, text };
  },
  ack(o) {
    const id = str(o, 'id');
    need(isMessageId(id), 'id must be 1-64 of [A-Za-z0-9_-]');
    need(isInteger(o.seq, 1), 'seq out of range');
    return { type: 'ack', id, seq: o.seq };
  },
  // Special contacts and rendezvous (§13.2.5, §13.2.6).
  'special-offer': (o) => ({ type: 'special-offer', contribution: hex(o, 'contribution', L.contributionBytes) }),
  'special-accept': (o) => ({ type: 'special-accept', contribution: hex(o, 'contribution', L.contributionBytes) }),
  'special-end': () => ({ type: 'special-end' }),
  'special-check': (o) => ({ type: 'special-check', check: hex(o, 'check', L.checkBytes) }),
  note(o) {
    const transportID = str(o, 'transportID');
    need(isValidId(transportID), 'transportID is not a valid PeerJS ID');
    need(isInteger(o.issued, 0), 'issued out of range');
    return { type: 'note', transportID, issued: o.issued, signature: hex(o, 'signature', L.signatureBytes) };
  },
};

/** The messages of special contacts, which the contacts core passes to the rendezvous core. */
export const SPECIAL_TYPES = Object.freeze(['special-offer', 'special-accept', 'special-end', 'special-check']);

/**
 * What a received value means: `{message}` for a valid one, `{ignored: true}` for a type this version does
 * not know, `{invalid: reason}` otherwise. `size` is its JSON text's UTF-8 length (§3.3).
 */
export function decode(data, size) {
  if (!(size <= L.maxReceiveBytes)) return { invalid: 'too large' };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { invalid: 'not a JSON object' };
  if (typeof data.type !== 'string') return { invalid: 'no type' };
  const reader = Object.hasOwn(READERS, data.type) ? READERS[data.type] : null;
  if (!reader) return { ignored: true };
  try {
    return { message: reader(data) };
  } catch (e) {
    if (e instanceof Invalid) return { invalid: `${data.type}: ${e.message}` };
    return { invalid: `${data.type}: malformed` };
  }
}

// Encoders, in the reference's member order (JSON.stringify keeps insertion order).
export const hello = (key, nonce) => ({ type: 'hello', version: HANDSHAKE_VERSION, key, nonce });
export const proof = (signature) => ({ type: 'proof', signature });
export const request = (friendlyname) => ({ type: 'request', friendlyname });
export const rejected = () => ({ type: 'rejected' });
export const withAddress = (type, self) => ({ type, friendlyname: self.name, transportID: self.transportId,
  discoveryUUID: self.discoveryUUID });
export const chat = (m) => ({ type: 'message', id: m.id, seq: m.seq, sent: m.sent, text: m.text });
export const ack = (id, seq) => ({ type: 'ack', id, seq });
export const specialOffer = (contribution) => ({ type: 'special-offer', contribution });
export const specialAccept = (contribution) => ({ type: 'special-accept', contribution });
export const specialEnd = () => ({ type: 'special-end' });
export const specialCheck = (check) => ({ type: 'special-check', check });
export const note = (transportID, issued, signature) => ({ type: 'note', transportID, issued, signature });
