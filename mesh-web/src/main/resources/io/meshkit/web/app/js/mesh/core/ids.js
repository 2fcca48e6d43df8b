// PeerJS IDs of the mesh (docs/PROTOCOL.md §2.1, §2.4).

import { LIMITS } from './settings.js';

// peerjs 1.5.5 util.validateId: the signaling server and the PeerJS client both refuse anything else.
const ID_PATTERN = /^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/;
const SLOT_PATTERN = /^[1-9][0-9]?$/;

/** True for a string that PeerJS accepts as an ID and that is at most 128 characters long (§2.1). */
export function isValidId(value) {
  return typeof value === 'string' && value.length > 0 && value.length <= LIMITS.maxIdLength
      && ID_PATTERN.test(value);
}

/** An ID part (prefix, namespace, UUID) follows the ID rule, so joining parts with '-' gives an ID. */
export const isValidIdPart = isValidId;

/** A discovery UUID: a valid ID part of 8 to 64 characters (§2.1). */
export function isValidDiscoveryUuid(value) {
  return isValidIdPart(value) && value.length >= 8 && value.length <= 64;
}

/** `{prefix}-{uuid}`: ephemeral, for contacts and chat (§2.4). */
export function transportId(prefix, uuid) {
  return checked(`${prefix}-${uuid}`);
}

function checked(id) {
  if (!isValidId(id)) throw new Error(`not a valid PeerJS ID: ${JSON.stringify(id)}`);
  return id;
}

/**
 * The IDs of one namespace: `{prefix}-{ns}-{discoveryUUID}` and router slots `{prefix}-{ns}-{k}`, and
 * the rule that tells them apart (§2.4).
 */
export class NamespaceIds {
  constructor(prefix, ns) {
    if (!isValidIdPart(prefix)) throw new Error('invalid prefix');
    if (!isValidIdPart(ns)) throw new Error('invalid namespace');
    this.prefix = prefix;
    this.ns = ns;
    this.base = `${prefix}-${ns}-`;
    Object.freeze(this);
  }

  discoveryId(uuid) {
    if (!isValidDiscoveryUuid(uuid)) throw new Error('invalid discovery UUID');
    return checked(this.base + uuid);
  }

  slotId(k) {
    if (!Number.isSafeInteger(k) || k < 1 || k > LIMITS.maxSlot) throw new Error(`invalid slot ${k}`);
    return checked(this.base + k);
  }

  /**
   * What an ID is in this namespace: `{kind:'slot', slot}`, `{kind:'discovery', uuid}` or
   * `{kind:'foreign'}`. The two kinds never overlap: a slot is one or two digits, a UUID at least 8
   * characters. Total: any value is accepted.
   */
  classify(id) {
    if (!isValidId(id) || !id.startsWith(this.base)) return FOREIGN;
    const rest = id.slice(this.base.length);
    if (SLOT_PATTERN.test(rest)) {
      const slot = Number(rest);
      return slot <= LIMITS.maxSlot ? { kind: 'slot', slot } : FOREIGN;
    }
    return isValidDiscoveryUuid(rest) ? { kind: 'discovery', uuid: rest } : FOREIGN;
  }

  /** The slot number of a slot ID of this namespace, else 0. */
  slotOf(id) {
    const c = this.classify(id);
    return c.kind === 'slot' ? c.slot : 0;
  }

  isDiscoveryId(id) {
    return this.classify(id).kind === 'discovery';
  }
}

const FOREIGN = Object.freeze({ kind: 'foreign' });
