// Splitting (docs/PROTOCOL.md §5.1, §3.3): nothing we send exceeds 16,000 bytes or 512 entries, every
// entry appears exactly once, and applying split deltas in order equals applying the whole change.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as wire from '../../main/resources/io/meshkit/web/app/js/mesh/core/wire.js';
import { welcomeMessages, deltaMessages, mergeMessages } from '../../main/resources/io/meshkit/web/app/js/mesh/core/split.js';
import { SnapshotAssembly } from '../../main/resources/io/meshkit/web/app/js/mesh/core/snapshot.js';
import { RegistryCopy } from '../../main/resources/io/meshkit/web/app/js/mesh/core/view.js';
import { NamespaceIds } from '../../main/resources/io/meshkit/web/app/js/mesh/core/ids.js';
import { seeded } from '../../main/resources/io/meshkit/web/app/js/mesh/core/prng.js';

// The widest entry of §4.2: 128-character IDs, a 64-character UUID, 64 four-byte characters.
const PREFIX = 'p'.repeat(45);
const NS = 'n0123456789abcdef';
const ids = new NamespaceIds(PREFIX, NS);
function widest(i) {
  const uuid = String(i).padStart(8, '0') + 'u'.repeat(56);
  return { discoveryID: ids.discoveryId(uuid), friendlyName: '😀'.repeat(64), lastSeen: 2 ** 53 - 1,
    discoveryUUID: uuid, transportID: 't'.repeat(128) };
}

test('the widest entry is 676 bytes and the widest welcome header 400 (§4.2), so a message holds at least 23', () => {
  // 128-character IDs, a 64-character UUID, 64 four-byte characters, a 16-digit lastSeen.
  assert.equal(widest(1).discoveryID.length, 128);
  assert.equal(wire.wireSize(wire.entry(widest(1))), 676);
  const id = widest(0).discoveryID;
  const head = { slot: 64, routerDiscoveryID: id, version: Number.MAX_SAFE_INTEGER, successor: id };
  assert.equal(wire.wireSize(wire.welcome({ ...head, part: 1000, parts: 1000, entries: [] })), 400);
  const parts = welcomeMessages(head, Array.from({ length: 100 }, (_, i) => widest(i)));
  for (const p of parts.slice(0, -1)) assert.ok(p.entries.length >= 23, `${p.entries.length}`);
});

function check(messages, count) {
  for (const m of messages) {
    const size = wire.wireSize(m);
    assert.ok(size <= 16_000, `${m.type} of ${size} bytes`);
    assert.equal(wire.decode(JSON.parse(JSON.stringify(m)), size).kind, 'message');
    if (m.entries) assert.ok(m.entries.length <= 512);
  }
  void count;
}

test('snapshots of 0..5,000 entries: parts within limits, numbered, each entry once, reassembled whole', () => {
  const r = seeded(3);
  for (const n of [1, 2, 19, 20, 21, 511, 512, 513, 1000, 5000]) {
    const entries = Array.from({ length: n }, (_, i) => (r() < 0.5 ? widest(i) : {
      discoveryID: ids.discoveryId(`${i}`.padStart(8, 'x')), friendlyName: 'a', lastSeen: i,
      discoveryUUID: `${i}`.padStart(8, 'x') }));
    const head = { slot: 3, routerDiscoveryID: entries[0].discoveryID, version: 42, successor: entries[0].discoveryID };
    const parts = welcomeMessages(head, entries);
    check(parts);
    assert.ok(parts.every((p, i) => p.part === i + 1 && p.parts === parts.length && p.version === 42));
    const assembly = new SnapshotAssembly();
    let snapshot = null;
    // Delivered in reverse order, with one part repeated: still the same snapshot.
    for (const p of [...parts].reverse().concat(parts.length > 1 ? [parts[0]] : [])) {
      const got = assembly.add(wire.decode(JSON.parse(JSON.stringify(p))).message);
      if (got) snapshot = got;
    }
    assert.ok(snapshot, `snapshot of ${n}`);
    assert.equal(snapshot.entries.length, n);
    assert.deepEqual(new Set(snapshot.entries.map((e) => e.discoveryID)), new Set(entries.map((e) => e.discoveryID)));
    assert.equal(snapshot.successor, head.successor);
  }
});

test('a snapshot of 5,000 widest entries fits in the 1,000 parts limit', () => {
  const parts = welcomeMessages({ slot: 1, routerDiscoveryID: widest(0).discoveryID, version: 0, successor: '' },
    Array.from({ length: 5000 }, (_, i) => widest(i)));
  check(parts);
  assert.ok(parts.length < 1000, `${parts.length}`);
});

test('split deltas have consecutive versions, successor only on the last, and apply like the whole change', () => {
  const r = seeded(5);
  for (const [nUp, nRm] of [[0, 0], [1, 0], [0, 1], [600, 0], [0, 3000], [700, 2000], [5000, 5000]]) {
    const upserts = Array.from({ length: nUp }, (_, i) => widest(i));
    const removed = Array.from({ length: nRm }, (_, i) => ids.discoveryId(`gone${i}`.padStart(8, 'g')));
    const successor = r() < 0.5 ? '' : upserts[0]?.discoveryID ?? '';
    const deltas = deltaMessages(8, upserts, removed, successor);
    check(deltas);
    deltas.forEach((d, i) => {
      assert.equal(d.version, 8 + i);
      assert.ok(d.removed.length <= 1024);
      assert.equal('successor' in d, i === deltas.length - 1);
    });
    const copy = new RegistryCopy(ids);
    copy.version = 7;
    for (const id of removed) copy.entries.set(id, { discoveryID: id });
    for (const d of deltas) copy.apply(wire.decode(JSON.parse(JSON.stringify(d))).message);
    assert.equal(copy.version, 7 + deltas.length);
    assert.equal(copy.entries.size, nUp);
    assert.equal(copy.successor, successor);
  }
  assert.equal(deltaMessages(3, [], [], undefined).length, 1, 'an empty change is one delta');
});

test('merges are split too, each within limits', () => {
  const msgs = mergeMessages(2, Array.from({ length: 3000 }, (_, i) => widest(i)));
  check(msgs);
  assert.equal(msgs.reduce((n, m) => n + m.entries.length, 0), 3000);
  assert.ok(msgs.every((m) => m.slot === 2));
});

test('an assembly bounds what parts can make it hold, and restarts on a new snapshot', () => {
  const a = new SnapshotAssembly(1000);
  const e = (i) => ({ discoveryID: ids.discoveryId(`${i}`.padStart(8, 'e')), friendlyName: 'a', lastSeen: 0,
    discoveryUUID: `${i}`.padStart(8, 'e') });
  const w = (part, n, version = 1) => ({ type: 'welcome', slot: 1, routerDiscoveryID: e(0).discoveryID, version,
    successor: '', part, parts: 1000, entries: Array.from({ length: n }, (_, i) => e(part * 1000 + i)) });
  assert.equal(a.add(w(1, 500)), null);
  assert.equal(a.add(w(1, 500)), null, 'a repeated part replaces the earlier copy');
  assert.deepEqual(a.add(w(2, 501)), { invalid: 'snapshot has too many entries' });
  assert.equal(a.inProgress, false);
  assert.equal(a.add(w(1, 10)), null);
  assert.equal(a.add(w(2, 10, 2)), null, 'another version starts a new assembly');
  assert.equal(a.parts.size, 1);
});
