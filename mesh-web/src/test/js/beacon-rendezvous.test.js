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

const hex = (b) => Buffer.from(b).toString('hex');
export const KEY_A = '0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299';
export const KEY_A_JWK = { kty: 'EC', crv: 'P-256', x: 'YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y', y: 'eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk', alg: 'ES256', use: 'sig', kid: 'b18b86ce1389e46d' };
const KEY_B = '04d9ddf81e6360418d99c3eca3ae31ed18f41b4c9b643e8f8ad99ba85766c2cd0af20f570d8b12247f6d00b1a264f0678760ca211a164617143178c9f9abf80b40';
export const BEACONS = [
  // key, L, time, p, signed bytes, beacon, prefix
  ['A', 600, 1718030100000, 2863383, '6d6573686b69742d626561636f6e2d76310000025800000000002bb117', '1.600.2863383.5ab64cf47879908bd2cc8cd9ec97ea2c275bc377fc49ef8c709033f65bd247d0b334543375255f0d3c3566915668822e1fe1693e97842c43d87211c0e7ad6953', 'bcd3b741c3743d98d'],
  ['A', 600, 1718030399999, 2863383, '6d6573686b69742d626561636f6e2d76310000025800000000002bb117', '1.600.2863383.5ab64cf47879908bd2cc8cd9ec97ea2c275bc377fc49ef8c709033f65bd247d0b334543375255f0d3c3566915668822e1fe1693e97842c43d87211c0e7ad6953', 'bcd3b741c3743d98d'],
  ['A', 600, 1718030400000, 2863384, '6d6573686b69742d626561636f6e2d76310000025800000000002bb118', '1.600.2863384.cfc9609d68f20b6941a6ccb0351cca90e006d61e7290bc351550661831ba17d185cf29cd36a4b9058e92e46bca3241a5a558a3e447181758e21c5f7fb71668fb', 'b086169a77f4e3e46'],
  ['A', 20, 1718030100000, 85901505, '6d6573686b69742d626561636f6e2d76310000001400000000051ec0c1', '1.20.85901505.94e21cf916e77c3483d87230f074c42787c106b0731f6e38a30bf372013c0dcb1341b88b1e4171a01159177b04f4c93f36321fa5c05d278a0ddf6883b1fadc30', 'b329940b99ef87102'],
  ['A', 86400, 1718030100000, 19884, '6d6573686b69742d626561636f6e2d7631000151800000000000004dac', '1.86400.19884.a49f521c2b12d78c5e3d09cd2ee5f3cd12d1a286ccc6d1ed2ac64319f43b903d839262a394be8bb3951228507b8725f3aa0ff65ce4695b5ac55dbc0bcfc2585b', 'bd5a3c41b28506676'],
  ['B', 600, 1718030100000, 2863383, '6d6573686b69742d626561636f6e2d76310000025800000000002bb117', '1.600.2863383.a355c57a71122b597a7c2d534f5370189a47e07a5197fe8b8a78514deddda6fdd249dab800bc2250d1b138fd02490e521df0ab55b4b50b9ea653b1560e9d9e77', 'bc0bcc180d369e8a5'],
];
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
