// The beacon's and the rendezvous namespaces' test vectors (docs/PROTOCOL.md §13.3.6, §13.2.8), computed by the
// app's modules on Node's WebCrypto (the browser test runs them in Chromium too).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseBeacon, periodIndex, signedBytes, beaconPrefix, importBeaconKey, verifiedPrefix }
  from '../../main/resources/io/meshkit/web/app/js/mesh/beacon.js';
import { slotIndex, slotLabel, rendezvousNamespace, rendezvousPhase, windowSlots }
  from '../../main/resources/io/meshkit/web/app/js/mesh/rendezvous.js';
import { namespaceOf } from '../../main/resources/io/meshkit/web/app/js/mesh/core/namespace.js';
import { KEY_A_JWK, KEY_B, BEACONS } from './beacon-vectors.js';

const hex = (b) => Buffer.from(b).toString('hex');
const TWIN = '1.600.2863383.5ab64cf47879908bd2cc8cd9ec97ea2c275bc377fc49ef8c709033f65bd247d04ccbabcb8adaa0f3c3ca996ea9977dd19d05916f0f9372411b47b90214b5bbfe';

test('§13.3.6: periods, signed bytes, beacons verified with their key, prefixes', async () => {
  const keys = { A: await importBeaconKey(KEY_A_JWK), B: await importBeaconKey(KEY_B) };
  for (const [k, L, t, p, bytes, beacon, prefix] of BEACONS) {
    assert.equal(periodIndex(t, L), p);
    assert.equal(hex(signedBytes(L, p)), bytes);
    const parsed = parseBeacon(beacon);
    assert.deepEqual([parsed.period, parsed.index], [L, p]);
    assert.equal(await beaconPrefix(parsed.signature), prefix);
    assert.deepEqual(await verifiedPrefix(beacon, [keys[k]], t), { prefix, period: L, index: p }, beacon);
  }
  // B's beacon does not verify under A alone; A's twin (r, n − s) verifies and gives the same prefix.
  assert.equal(await verifiedPrefix(BEACONS[5][5], [keys.A], 1718030100000), null);
  assert.equal((await verifiedPrefix(TWIN, [keys.A], 1718030100000)).prefix, 'bcd3b741c3743d98d');
  // A's signature with p + 1 in the text is not a beacon of p + 1.
  assert.equal(await verifiedPrefix(BEACONS[0][5].replace('2863383', '2863384'), [keys.A], 1718030400000), null);
  // not started once its period ended more than one period ago
  assert.equal(await verifiedPrefix(BEACONS[0][5], [keys.A], 1718030999999) !== null, true);
  assert.equal(await verifiedPrefix(BEACONS[0][5], [keys.A], 1718031000000), null);
  // with the prefix, the network namespace of 203.0.113.10
  assert.equal(await namespaceOf('bcd3b741c3743d98d', '203.0.113.10'), 'n6e0ddd7bbfd7b8f0');
});

test('§13.3.2: only the canonical text is a beacon', () => {
  const good = BEACONS[0][5];
  assert.ok(parseBeacon(good));
  for (const bad of [good.toUpperCase(), '2' + good.slice(1), good.replace('1.600.', '1.0600.'), good + ' ', ' ' + good,
    good.replace('.2863383.', '.02863383.'), good.slice(0, -2), good.replace('1.600.', '1.9.'), good.replace('1.600.', '1.86401.'),
    '1.600.-1.' + 'a'.repeat(128), null, 42]) {
    assert.equal(parseBeacon(bad), null, String(bad).slice(0, 30));
  }
});

const SECRET_A = Uint8Array.from({ length: 32 }, (_, i) => i);
const SECRET_B = new Uint8Array(createHash('sha256').update('meshkit rendezvous vector').digest());
const RENDEZVOUS = [
  [SECRET_A, 1718030100000, 'UTC-2024-06-10-14-3', '4b6b173833aa6b9cdb0bc883d08fda57fc1346d3a0957b19f00e6cc5d474d05e', 'fc1346d3a0957b19'],
  [SECRET_A, 1718030399999, 'UTC-2024-06-10-14-3', '4b6b173833aa6b9cdb0bc883d08fda57fc1346d3a0957b19f00e6cc5d474d05e', 'fc1346d3a0957b19'],
  [SECRET_A, 1718030400000, 'UTC-2024-06-10-14-4', '07853b4c704dfa3d0eab396b8d60452b6e1b53263b0ee91f9a26872c7fe2e5c0', '6e1b53263b0ee91f'],
  [SECRET_A, 1735689300000, 'UTC-2024-12-31-23-5', '5a1b9bf6b26244ee6de8e0e8a7f541c7db97abc48d37bea3582cf92a41590a36', 'db97abc48d37bea3'],
  [SECRET_A, 1735689600000, 'UTC-2025-01-01-00-0', '1c08ebb903b06f36f41d1454e67e06e3547a427622f28b393183669bbc055bb0', '547a427622f28b39'],
  [SECRET_B, 1718030100000, 'UTC-2024-06-10-14-3', 'c5656db6ee7893af17fd54213c6f181e45d96779dfdb712cc96857e101becc7f', '45d96779dfdb712c'],
  [SECRET_B, 1709197500000, 'UTC-2024-02-29-09-0', 'a2e139bd45cbb9317267565630f6e606be546b77af9fda7d38f88e059e8b883e', 'be546b77af9fda7d'],
];

test('§13.2.8: slot labels, namespaces, priorities, phases; IDs fit', async () => {
  assert.equal(hex(SECRET_B).slice(0, 8), '87ad4c4d');
  for (const [secret, t, label, h, priority] of RENDEZVOUS) {
    const r = await rendezvousNamespace(secret, slotIndex(t));
    assert.deepEqual(r, { label, h, ns: `rendezvous-${h.slice(0, 32)}`, priority });
  }
  assert.equal(await rendezvousPhase(SECRET_A), 20575);
  assert.equal(await rendezvousPhase(SECRET_B), 42661);
  const { ns } = await rendezvousNamespace(SECRET_A, slotIndex(1718030100000));
  assert.equal(`mesh-${ns}-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f`.length, 85);
  assert.equal(slotLabel(slotIndex(Date.UTC(2024, 5, 10, 14, 35))), 'UTC-2024-06-10-14-3');
});

test('§13.2.2: the skew window: one slot, or two within a minute of a boundary; clocks 2 min apart share one', () => {
  const boundary = 1718030400000;
  assert.deepEqual(windowSlots(boundary - 120_000), [slotIndex(boundary) - 1]);
  assert.deepEqual(windowSlots(boundary - 30_000), [slotIndex(boundary) - 1, slotIndex(boundary)]);
  for (let t = boundary - 300_000; t < boundary + 300_000; t += 7_000) {
    const mine = new Set(windowSlots(t));
    assert.ok(windowSlots(t + 120_000).some((s) => mine.has(s)), String(t));
  }
});
