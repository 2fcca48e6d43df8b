// Splitting (docs/PROTOCOL.md §5.1): what would exceed 16,000 bytes is sent as several messages, so that
// no PeerJS transport ever refuses (json) or chunks (binary) a message of this protocol (§3.3). Entries
// are packed greedily in discovery-ID order; receivers do not depend on how.

import * as wire from './wire.js';
import { LIMITS } from './settings.js';

const byId = (a, b) => (a.discoveryID < b.discoveryID ? -1 : a.discoveryID > b.discoveryID ? 1 : 0);

/** Greedy packing of items (with byte sizes) under a byte budget and a count limit per group. */
function pack(items, budget, maxCount) {
  const groups = [];
  let current = [];
  let used = 0;
  for (const item of items) {
    const cost = item.size + (current.length > 0 ? 1 : 0); // the comma between array items
    if (current.length > 0 && (used + cost > budget || current.length >= maxCount)) {
      groups.push(current);
      current = [];
      used = 0;
    }
    used += item.size + (current.length > 0 ? 1 : 0);
    current.push(item);
  }
  if (current.length > 0 || groups.length === 0) groups.push(current);
  return groups;
}

function checkSizes(messages) {
  for (const m of messages) {
    if (wire.wireSize(m) > LIMITS.maxSendBytes) throw new Error(`split produced a ${m.type} above the limit`);
  }
  return messages;
}

const sized = (e) => ({ value: e, size: wire.wireSize(wire.entry(e)) });

/**
 * A snapshot as `welcome` parts 1..n (§5.3), each ≤ 16,000 bytes and ≤ 512 entries.
 * `head` = {slot, routerDiscoveryID, version, successor}.
 */
export function welcomeMessages(head, entries) {
  // Size of the message without entries, with the widest possible part numbers.
  const base = wire.wireSize(wire.welcome({ ...head, part: LIMITS.maxParts, parts: LIMITS.maxParts, entries: [] }));
  const groups = pack([...entries].sort(byId).map(sized), LIMITS.maxSendBytes - base, LIMITS.maxEntriesPerMessage);
  if (groups.length > LIMITS.maxParts) throw new Error('snapshot needs more than the maximum number of parts');
  return checkSizes(groups.map((g, i) => wire.welcome({ ...head, part: i + 1, parts: groups.length,
    entries: g.map((x) => x.value) })));
}

/**
 * A change as one or more deltas with consecutive versions from `firstVersion` (§5.1, §5.4); the last
 * carries `successor` when it is defined. Upserts are the final state of entries; removed are IDs.
 */
export function deltaMessages(firstVersion, upserts, removed, successor) {
  const items = [
    ...[...upserts].sort(byId).map((e) => ({ kind: 'u', ...sized(e) })),
    ...[...removed].sort().map((id) => ({ kind: 'r', value: id, size: JSON.stringify(id).length })),
  ];
  const widest = wire.delta({ version: Number.MAX_SAFE_INTEGER, upserts: [], removed: [], successor });
  const budget = LIMITS.maxSendBytes - wire.wireSize(widest) - 1; // -1: a comma in each of two arrays
  // Count limit: per message at most 512 upserts and 1024 removals; 512 items keeps both.
  const groups = pack(items, budget, LIMITS.maxEntriesPerMessage);
  return checkSizes(groups.map((g, i) => wire.delta({
    version: firstVersion + i,
    upserts: g.filter((x) => x.kind === 'u').map((x) => x.value),
    removed: g.filter((x) => x.kind === 'r').map((x) => x.value),
    successor: i === groups.length - 1 ? successor : undefined,
  })));
}

/** A registry handed over as `merge` messages (§5.9), each imported on its own. */
export function mergeMessages(slot, entries) {
  const base = wire.wireSize(wire.merge({ slot, entries: [] }));
  const groups = pack([...entries].sort(byId).map(sized), LIMITS.maxSendBytes - base, LIMITS.maxEntriesPerMessage);
  return checkSizes(groups.map((g) => wire.merge({ slot, entries: g.map((x) => x.value) })));
}
