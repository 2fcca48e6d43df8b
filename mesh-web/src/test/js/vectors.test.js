// The test vectors of docs/PROTOCOL.md §2.3 and the name examples of §4.3.
import test from 'node:test';
import assert from 'node:assert/strict';
import { canonicalAddress, hmacSha256Hex, namespaceOf } from '../../main/resources/io/meshkit/web/app/js/mesh/core/namespace.js';
import { NamespaceIds, transportId, isValidId } from '../../main/resources/io/meshkit/web/app/js/mesh/core/ids.js';
import { nameProblem } from '../../main/resources/io/meshkit/web/app/js/mesh/core/names.js';

const NAMESPACE_VECTORS = [
  ['mesh', '203.0.113.10', 'ip4:203.0.113.10', '41c0c7ed3b598e44a416a06546ddb476f429f17ad2af12f1587ad5d9937da641', 'n41c0c7ed3b598e44'],
  ['mesh', '::ffff:203.0.113.10', 'ip4:203.0.113.10', '41c0c7ed3b598e44a416a06546ddb476f429f17ad2af12f1587ad5d9937da641', 'n41c0c7ed3b598e44'],
  ['mesh', '198.51.100.7', 'ip4:198.51.100.7', '7b560ed97fd762322732f6d58ffa4c0f30c45e162336e606ae0ab70df248609e', 'n7b560ed97fd76232'],
  ['mesh', '0.0.0.0', 'ip4:0.0.0.0', 'd7c10cab2b3f558d52fe474968c16c219b5fd3f559d3f7ba898b83eedad961c0', 'nd7c10cab2b3f558d'],
  ['mesh', '2001:db8:1:2::1', 'ip6:20010db800010002', '5c409405e8e713a2b781bc3b4e98bfc09b4f14c3b34ebcc3b3e040e7db6d5dbb', 'n5c409405e8e713a2'],
  ['mesh', '2001:db8:1:2:ffee::9', 'ip6:20010db800010002', '5c409405e8e713a2b781bc3b4e98bfc09b4f14c3b34ebcc3b3e040e7db6d5dbb', 'n5c409405e8e713a2'],
  ['app', '203.0.113.10', 'ip4:203.0.113.10', 'dca526aa5ca3e386772518316928be77cd8c4d998b8f2782db3ed37d5c81920f', 'ndca526aa5ca3e386'],
  ['myapp-v2', '2001:67c:1234:1234::5', 'ip6:2001067c12341234', 'faad2005abfa4a74ea22cb20037d0dfb1853f99a1359e7c137ebb6b9b29a9af3', 'nfaad2005abfa4a74'],
];

test('namespace vectors of §2.3: canonical form, HMAC and ns', async () => {
  for (const [prefix, address, canonical, mac, ns] of NAMESPACE_VECTORS) {
    assert.equal(canonicalAddress(address), canonical, address);
    assert.equal(await hmacSha256Hex(prefix, canonical), mac, `${prefix} ${address}`);
    assert.equal(await namespaceOf(prefix, address), ns, `${prefix} ${address}`);
  }
});

test('canonical forms: mapped IPv6 in hex, brackets, zones, upper case; non-addresses refused', () => {
  assert.equal(canonicalAddress('::ffff:cb00:710a'), 'ip4:203.0.113.10');
  assert.equal(canonicalAddress('[2001:DB8:1:2::1]'), 'ip6:20010db800010002');
  assert.equal(canonicalAddress('fe80::1%eth0'), 'ip6:fe80000000000000');
  assert.equal(canonicalAddress('::'), 'ip6:0000000000000000');
  assert.equal(canonicalAddress('1:2:3:4:5:6:7:8'), 'ip6:0001000200030004');
  for (const bad of ['', '1.2.3', '1.2.3.256', '01.2.3.4', '1.2.3.4.5', '1::2::3', '1:2:3:4:5:6:7:8:9',
    '12345::', 'g::1', ':::', 'localhost', ' 1.2.3.4', '1:2:3:4:5:6:7::8:9', '::1.2.3.4:5', null, 42, {}]) {
    assert.equal(canonicalAddress(bad), null, String(bad));
  }
});

test('namespaceOf refuses a non-address and an invalid prefix', async () => {
  await assert.rejects(namespaceOf('mesh', 'example.org'));
  await assert.rejects(namespaceOf('bad prefix-', '1.2.3.4'));
});

test('ID vectors of §2.3', () => {
  const ids = new NamespaceIds('mesh', 'n41c0c7ed3b598e44');
  assert.equal(transportId('mesh', '0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d'), 'mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d');
  assert.equal(ids.discoveryId('5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f'),
    'mesh-n41c0c7ed3b598e44-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f');
  assert.equal(ids.slotId(1), 'mesh-n41c0c7ed3b598e44-1');
  assert.equal(ids.slotId(16), 'mesh-n41c0c7ed3b598e44-16');
});

test('telling IDs apart (§2.4)', () => {
  const ids = new NamespaceIds('mesh', 'n41c0c7ed3b598e44');
  const b = 'mesh-n41c0c7ed3b598e44-';
  assert.deepEqual(ids.classify(b + '1'), { kind: 'slot', slot: 1 });
  assert.deepEqual(ids.classify(b + '64'), { kind: 'slot', slot: 64 });
  assert.deepEqual(ids.classify(b + '65'), { kind: 'foreign' });
  assert.deepEqual(ids.classify(b + '01'), { kind: 'foreign' });
  assert.deepEqual(ids.classify(b + '0'), { kind: 'foreign' });
  assert.deepEqual(ids.classify(b + '1234567'), { kind: 'foreign' });
  assert.deepEqual(ids.classify(b + '12345678'), { kind: 'discovery', uuid: '12345678' });
  assert.deepEqual(ids.classify(b + 'x'.repeat(64)), { kind: 'discovery', uuid: 'x'.repeat(64) });
  assert.deepEqual(ids.classify(b + 'x'.repeat(65)), { kind: 'foreign' });
  assert.deepEqual(ids.classify('mesh-n7b560ed97fd76232-1'), { kind: 'foreign' });
  assert.deepEqual(ids.classify('mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d'), { kind: 'foreign' });
  assert.deepEqual(ids.classify(b + 'a'.repeat(8) + '-'), { kind: 'foreign' });
  assert.deepEqual(ids.classify(123), { kind: 'foreign' });
  assert.equal(isValidId('a'.repeat(128)), true);
  assert.equal(isValidId('a'.repeat(129)), false);
  assert.equal(isValidId('a b_c-d'), true);
  assert.equal(isValidId('a--b'), false);
  assert.equal(isValidId('-a'), false);
  assert.equal(isValidId('ä'), false);
});

test('friendly name examples of §4.3, with the reference messages', () => {
  for (const ok of ['alice', 'Zoë', '李雷', 'node a-1', '😀', '😀'.repeat(64)]) assert.equal(nameProblem(ok), null, ok);
  const cases = [
    ['', 'name is empty'],
    ['x'.repeat(200), 'name has 200 characters; at most 64 are allowed'],
    ['A\n', 'name contains a control character (U+000A) at position 2'],
    ['A\u202EB', 'name contains a bidirectional control character (U+202E) at position 2'],
    ['A\u200B', 'name contains an invisible character (U+200B) at position 2'],
    ['A\uD800', 'name is not valid Unicode (an unpaired surrogate at position 2)'],
    [' A', 'name begins or ends with a space'],
  ];
  for (const [name, message] of cases) assert.equal(nameProblem(name), message, JSON.stringify(name));
});

test('every forbidden code point of §4.3 is refused, its neighbours outside the lists are not', () => {
  const forbidden = [[0, 0x1f], [0x7f, 0x9f], [0x2028, 0x2029], [0x061c, 0x061c], [0x200e, 0x200f], [0x202a, 0x202e],
    [0x2066, 0x2069], [0xad, 0xad], [0x180e, 0x180e], [0x200b, 0x200d], [0x2060, 0x2064], [0xfeff, 0xfeff],
    [0xfff9, 0xfffb], [0xe0000, 0xe007f]];
  for (const [lo, hi] of forbidden) {
    for (let cp = lo; cp <= hi; cp++) assert.notEqual(nameProblem('a' + String.fromCodePoint(cp) + 'b'), null, cp.toString(16));
  }
  for (const cp of [0x20, 0x7e, 0xa0, 0xae, 0x061b, 0x061d, 0x200a, 0x2010, 0x2027, 0x202f, 0x2065, 0x205f,
    0x206a, 0xfefe, 0xfff8, 0xfffc, 0xdffff, 0xe0080, 0x1f600]) {
    assert.equal(nameProblem('a' + String.fromCodePoint(cp) + 'b'), null, cp.toString(16));
  }
  assert.notEqual(nameProblem('👩\u200D💻'), null, 'ZWJ emoji sequences are excluded (§4.3)');
  assert.notEqual(nameProblem('a\uDC00'), null);
  assert.equal(nameProblem('x'.repeat(64)), null);
  assert.notEqual(nameProblem('x'.repeat(65)), null);
  assert.notEqual(nameProblem('a '), null);
  assert.equal(nameProblem('a b'), null);
});
