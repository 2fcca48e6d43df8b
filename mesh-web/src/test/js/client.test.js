// The client object: discovery → namespace → unit; a new network replaces the namespace; faults as events.
import test from 'node:test';
import assert from 'node:assert/strict';
import { MeshClient, storedDiscoveryUuid } from '../../main/resources/io/meshkit/web/app/js/mesh/mesh-client.js';
import { fakePeerClass } from './fake-peerjs.js';

const storage = () => {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, v) };
};

function client(discover, extra = {}) {
  const Peer = fakePeerClass();
  const events = [];
  const c = new MeshClient({ Peer, signaling: { host: 'h', port: 9000 }, name: 'alice', storage: storage(),
    discover, onEvent: (e) => events.push(e), recheckMillis: 3_600_000, ...extra });
  return { c, Peer, events };
}

test('ready in the namespace of the discovered address; the Transport ID and the Discovery ID are claimed', async () => {
  const { c, Peer, events } = client(async () => ({ ip: '203.0.113.10', source: 'http' }));
  await c.start();
  const ready = events.find((e) => e.event === 'ready');
  assert.equal(ready.namespace, 'n41c0c7ed3b598e44');
  assert.equal(ready.ipSource, 'http');
  assert.match(ready.discoveryId, /^mesh-n41c0c7ed3b598e44-[0-9a-f-]{36}$/);
  const ids = Peer.created.map((p) => p.id);
  assert.match(ids[0], /^mesh-[0-9a-f-]{36}$/, 'the Transport ID');
  assert.equal(ids[1], ready.discoveryId);
  c.stop();
});

test('a new address moves the client: the old namespace is left, the new one joined', async () => {
  let ip = '203.0.113.10';
  const { c, Peer, events } = client(async () => ({ ip, source: 'stun' }));
  await c.start();
  const first = Peer.created[1];
  ip = '198.51.100.7';
  await c.joinNetwork();
  const readies = events.filter((e) => e.event === 'ready').map((e) => e.namespace);
  assert.deepEqual(readies, ['n41c0c7ed3b598e44', 'n7b560ed97fd76232']);
  assert.equal(Peer.created.at(-1).id.startsWith('mesh-n7b560ed97fd76232-'), true);
  await new Promise((r) => setTimeout(r, 250));
  assert.equal(first.destroyed, true, 'the old Discovery ID is released');
  await c.joinNetwork();
  assert.equal(events.filter((e) => e.event === 'ready').length, 2, 'the same address changes nothing');
  c.stop();
});

test('discovery off is reported once; the Transport ID stays registered', async () => {
  const { c, Peer, events } = client(async () => ({ off: 'metered' }));
  await c.start();
  await c.joinNetwork();
  assert.deepEqual(events.filter((e) => e.event === 'discovery-off'), [{ event: 'discovery-off', reason: 'metered' }]);
  assert.equal(Peer.created.length, 1);
  assert.equal(Peer.created[0].destroyed, false);
  c.stop();
});

test('an invalid name is a fault event with the reason, before anything is registered', async () => {
  const { c, Peer, events } = client(async () => ({ ip: '1.2.3.4', source: 'http' }), { name: 'bad\u202Ename' });
  await c.start();
  assert.deepEqual(events, [{ event: 'fault', reason: 'invalid-name',
    message: 'name contains a bidirectional control character (U+202E) at position 4' }]);
  assert.equal(Peer.created.length, 0);
});

test('the discovery UUID is generated once and kept; a broken stored value is replaced', () => {
  const s = storage();
  const a = storedDiscoveryUuid(s);
  assert.equal(storedDiscoveryUuid(s), a);
  s.setItem('mesh.discoveryUUID', 'x');
  assert.notEqual(storedDiscoveryUuid(s), 'x');
  const throwing = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); } };
  assert.match(storedDiscoveryUuid(throwing), /^[0-9a-f-]{36}$/);
});

test('an insecure context (plain HTTP on a LAN address: no crypto.subtle) is a fault event, before anything is registered (§2.2)', async () => {
  const { c, Peer, events } = client(async () => ({ ip: '203.0.113.10', source: 'http' }));
  globalThis.isSecureContext = false;
  try {
    await c.start();
  } finally {
    delete globalThis.isSecureContext;
  }
  assert.deepEqual(events.map((e) => [e.event, e.reason]), [['fault', 'insecure-context']]);
  assert.equal(Peer.created.length, 0);
});
