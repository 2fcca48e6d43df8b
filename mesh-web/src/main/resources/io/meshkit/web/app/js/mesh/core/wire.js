// The messages of docs/PROTOCOL.md §5: constructors that write members in the reference order (so
// JSON.stringify gives the spec's bytes), and a decoder that never throws, ignores unknown types and
// members, and validates every member it uses (§4.1).

import { isValidId, isValidDiscoveryUuid } from './ids.js';
import { isValidName } from './names.js';
import { LIMITS, PROTOCOL_VERSION } from './settings.js';

// ---------------------------------------------------------------- encoding

/** A registry entry (§4.2); `transportID` is omitted when absent. */
export function entry({ discoveryID, friendlyName, lastSeen, discoveryUUID, transportID }) {
  const e = { discoveryID, friendlyName, lastSeen, discoveryUUID };
  if (transportID) e.transportID = transportID;
  return e;
}

export function checkin({ discoveryID, friendlyname, discoveryUUID, transportID }) {
  const m = { type: 'checkin', protocol: PROTOCOL_VERSION, discoveryID, friendlyname };
  if (discoveryUUID) m.discoveryUUID = discoveryUUID;
  if (transportID) m.transportID = transportID;
  return m;
}

export function welcome({ slot, routerDiscoveryID, version, successor, part, parts, entries }) {
  return { type: 'welcome', protocol: PROTOCOL_VERSION, slot, routerDiscoveryID, version,
    successor: successor ?? '', part, parts, entries: entries.map(entry) };
}

/** `successor` undefined = unchanged (omitted); '' = none. */
export function delta({ version, upserts, removed, successor }) {
  const m = { type: 'delta', version, upserts: upserts.map(entry), removed: [...removed] };
  if (successor !== undefined) m.successor = successor;
  return m;
}

export function ping(version) {
  return version === undefined ? { type: 'ping' } : { type: 'ping', version };
}

export function pong(version) {
  return version === undefined ? { type: 'pong' } : { type: 'pong', version };
}

export const resync = () => ({ type: 'resync' });
export const moved = (routerID) => ({ type: 'moved', routerID });
export const leaving = (successor) => ({ type: 'leaving', successor: successor ?? '' });
export const merge = ({ slot, entries }) => ({ type: 'merge', protocol: PROTOCOL_VERSION, slot,
  entries: entries.map(entry) });
export const refused = (reason) => ({ type: 'refused', reason });

const encoder = new TextEncoder();

/** The size of a message on the wire: the UTF-8 bytes of its JSON text (§3.3). */
export function wireSize(message) {
  return encoder.encode(JSON.stringify(message)).length;
}

// ---------------------------------------------------------------- decoding

export const KNOWN_TYPES = Object.freeze(['checkin', 'welcome', 'delta', 'ping', 'pong', 'resync', 'moved',
  'leaving', 'merge', 'refused']);

const REASON = /^[a-z][a-z-]{0,31}$/;

class Invalid extends Error {}

function fail(reason) {
  throw new Invalid(reason);
}

function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v)
      && !(v instanceof ArrayBuffer);
}

const own = (obj, key) => (Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined);

function int(obj, key, { min = 0, max = Number.MAX_SAFE_INTEGER, optional = false } = {}) {
  const v = own(obj, key);
  if (v === undefined || v === null) {
    if (optional) return undefined;
    fail(`${key} missing`);
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) fail(`${key} out of range`);
  return v;
}

function id(obj, key, { optional = false } = {}) {
  const v = own(obj, key);
  if (v === undefined || v === null) {
    if (optional) return undefined;
    fail(`${key} missing`);
  }
  if (!isValidId(v)) fail(`${key} is not a valid ID`);
  return v;
}

/** A successor member: '' or a valid ID; `absent` is returned for absent/null. */
function successor(obj, absent) {
  const v = own(obj, 'successor');
  if (v === undefined || v === null) return absent;
  if (v === '') return '';
  if (!isValidId(v)) fail('successor is not a valid ID');
  return v;
}

function array(obj, key, max) {
  const v = own(obj, key);
  if (!Array.isArray(v)) fail(`${key} is not an array`);
  if (v.length > max) fail(`${key} has more than ${max} items`);
  return v;
}

function protocol(obj) {
  // Absent means 2 (the design documents' minimal check-in has none); below 2 is version 1's format.
  int(obj, 'protocol', { min: PROTOCOL_VERSION, optional: true });
}

function uuidOf(discoveryID, uuid) {
  if (!discoveryID.endsWith('-' + uuid)) fail('discoveryID does not end with -discoveryUUID');
}

/** Validates a wire entry (§4.2) and returns a clean copy holding only the known members. */
export function decodeEntry(raw) {
  if (!isObject(raw)) fail('entry is not an object');
  const discoveryID = id(raw, 'discoveryID');
  const friendlyName = own(raw, 'friendlyName');
  if (!isValidName(friendlyName)) fail('entry has an invalid friendlyName');
  const lastSeen = int(raw, 'lastSeen');
  const discoveryUUID = own(raw, 'discoveryUUID');
  if (!isValidDiscoveryUuid(discoveryUUID)) fail('entry has an invalid discoveryUUID');
  uuidOf(discoveryID, discoveryUUID);
  const transportID = id(raw, 'transportID', { optional: true });
  return entry({ discoveryID, friendlyName, lastSeen, discoveryUUID, transportID });
}

const entries = (obj, key) => array(obj, key, LIMITS.maxEntriesPerMessage).map(decodeEntry);

const DECODERS = {
  checkin(o) {
    protocol(o);
    const discoveryID = id(o, 'discoveryID');
    const friendlyname = own(o, 'friendlyname');
    if (!isValidName(friendlyname)) fail('invalid friendlyname');
    const discoveryUUID = own(o, 'discoveryUUID') ?? undefined;
    if (discoveryUUID !== undefined) {
      if (!isValidDiscoveryUuid(discoveryUUID)) fail('invalid discoveryUUID');
      uuidOf(discoveryID, discoveryUUID);
    }
    const transportID = id(o, 'transportID', { optional: true });
    return { type: 'checkin', discoveryID, friendlyname, discoveryUUID, transportID };
  },
  welcome(o) {
    protocol(o);
    const parts = int(o, 'parts', { min: 1, max: LIMITS.maxParts });
    return {
      type: 'welcome',
      slot: int(o, 'slot', { min: 1, max: LIMITS.maxSlot }),
      routerDiscoveryID: id(o, 'routerDiscoveryID'),
      version: int(o, 'version'),
      successor: successor(o, ''),
      part: int(o, 'part', { min: 1, max: parts }),
      parts,
      entries: entries(o, 'entries'),
    };
  },
  delta(o) {
    const removed = array(o, 'removed', LIMITS.maxRemovedPerDelta);
    for (const r of removed) if (!isValidId(r)) fail('removed holds an invalid ID');
    return {
      type: 'delta',
      version: int(o, 'version', { min: 1 }),
      upserts: entries(o, 'upserts'),
      removed: [...removed],
      successor: successor(o, undefined),
    };
  },
  ping: (o) => ({ type: 'ping', version: int(o, 'version', { optional: true }) }),
  pong: (o) => ({ type: 'pong', version: int(o, 'version', { optional: true }) }),
  resync: () => ({ type: 'resync' }),
  moved: (o) => ({ type: 'moved', routerID: id(o, 'routerID') }),
  leaving(o) {
    if (own(o, 'successor') === undefined || own(o, 'successor') === null) fail('successor missing');
    return { type: 'leaving', successor: successor(o, '') };
  },
  merge(o) {
    protocol(o);
    return { type: 'merge', slot: int(o, 'slot', { min: 1, max: LIMITS.maxSlot }), entries: entries(o, 'entries') };
  },
  refused(o) {
    const reason = own(o, 'reason');
    if (typeof reason !== 'string' || !REASON.test(reason)) fail('invalid reason');
    return { type: 'refused', reason };
  },
};

/**
 * Decodes a received value (what PeerJS hands over: the parsed JSON, or the BinaryPack-decoded object)
 * whose wire size is `size` bytes (when the transport knows it). Never throws. Returns one of
 * - `{kind:'message', message}`: a valid message of a known type, holding only known members;
 * - `{kind:'unknown'}`: an object with a string `type` this version does not know (ignore it, §4.1);
 * - `{kind:'invalid', type, reason}`: anything else (discard; `type` when the value had a string one);
 * - `{kind:'too-large'}`: larger than 16,299 bytes (refuse and close the link, §3.3).
 */
export function decode(value, size) {
  if (typeof size === 'number' && size > LIMITS.maxReceiveBytes) return { kind: 'too-large' };
  try {
    if (!isObject(value)) return { kind: 'invalid', reason: 'not an object' };
    const type = own(value, 'type');
    if (typeof type !== 'string') return { kind: 'invalid', reason: 'no string type' };
    if (!Object.prototype.hasOwnProperty.call(DECODERS, type)) return { kind: 'unknown' };
    try {
      return { kind: 'message', message: DECODERS[type](value) };
    } catch (e) {
      if (e instanceof Invalid) return { kind: 'invalid', type, reason: e.message };
      return { kind: 'invalid', type, reason: 'malformed' };
    }
  } catch {
    return { kind: 'invalid', reason: 'malformed' };
  }
}

/** The wire object of a decoded message (the inverse of `decode` for valid messages). */
export function encode(m) {
  switch (m.type) {
    case 'checkin': return checkin(m);
    case 'welcome': return welcome(m);
    case 'delta': return delta(m);
    case 'ping': return ping(m.version);
    case 'pong': return pong(m.version);
    case 'resync': return resync();
    case 'moved': return moved(m.routerID);
    case 'leaving': return leaving(m.successor);
    case 'merge': return merge(m);
    case 'refused': return refused(m.reason);
    default: throw new Error(`cannot encode ${m.type}`);
  }
}
