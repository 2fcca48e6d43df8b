// Following the beacon (docs/PROTOCOL.md §13.3.5): the sans-IO follower with a fake clock, then the client that hosts
// one namespace per prefix with the driver on a fake `fetch` answering the spec's beacons (§13.3.6).
import test from 'node:test';
import assert from 'node:assert/strict';
import { BeaconFollower, overlapMillis } from '../../main/resources/io/meshkit/web/app/js/mesh/core/beacon-follower.js';
import { MeshClient } from '../../main/resources/io/meshkit/web/app/js/mesh/mesh-client.js';
import { fakePeerClass } from './fake-peerjs.js';
import { BEACONS, KEY_A_JWK } from './beacon-vectors.js';

const T0 = 1718030100000; // in period 2863383 of L = 600 s: [1718029800000, 1718030400000)
const END = 1718030400000;
const b = (prefix, index, period = 600) => ({ text: `beacon-${prefix}`, prefix, period, index });
const fetched = (beacon) => ({ type: 'fetched', header: beacon.text, beacon });
const types = (actions) => actions.map((a) => a.type);
const timerAt = (actions, kind) => actions.find((a) => a.type === 'timer' && a.kind === kind)?.at;

function follower(random = () => 0.5) {
  return new BeaconFollower({ random });
}

test('the first beacon is joined at once; the next is asked for just after the period ends, spread by at most 5 s', () => {
  const f = follower(() => 0.999999);
  assert.deepEqual(f.step({ type: 'start' }, T0), [{ type: 'fetch' }]);
  assert.deepEqual(f.step({ type: 'start' }, T0), [], 'one request at a time');
  const out = f.step(fetched(b('b1', 2863383)), T0 + 50);
  assert.deepEqual(types(out), ['join', 'timer']);
  assert.equal(out[0].beacon.prefix, 'b1');
  assert.equal(timerAt(out, 'refresh'), END + 5_000);
  assert.equal(timerAt(follower(() => 0).step(fetched(b('b1', 2863383)), T0), 'refresh'), END);
  // A short period: at most a tenth of it.
  const short = follower(() => 0.999999);
  const p = Math.floor(T0 / 20_000);
  assert.equal(timerAt(short.step(fetched(b('b1', p, 20)), T0), 'refresh'), (p + 1) * 20_000 + 2_000);
  assert.deepEqual(f.prefixes(), ['b1']);
});

test('a rotation: the new prefix is joined, the old one kept for min(30 s, L/2) and then left', () => {
  assert.equal(overlapMillis(600), 30_000);
  assert.equal(overlapMillis(20), 10_000);
  const f = follower(() => 0);
  f.step({ type: 'start' }, T0);
  f.step(fetched(b('b1', 2863383)), T0);
  assert.deepEqual(f.step({ type: 'timer', kind: 'refresh' }, END - 1), [{ type: 'timer', kind: 'refresh', at: END }],
    'a timer that comes early is asked for again at its time');
  assert.deepEqual(f.step({ type: 'timer', kind: 'refresh' }, END), [{ type: 'fetch' }]);
  const out = f.step(fetched(b('b2', 2863384)), END + 100);
  assert.deepEqual(types(out), ['timer', 'join', 'timer']);
  assert.equal(timerAt(out, 'leave'), END + 100 + 30_000);
  assert.equal(out[1].beacon.prefix, 'b2');
  assert.deepEqual(f.prefixes(), ['b2', 'b1']);
  assert.deepEqual(f.step({ type: 'timer', kind: 'leave' }, END + 30_000), [{ type: 'timer', kind: 'leave', at: END + 30_100 }]);
  assert.deepEqual(f.step({ type: 'timer', kind: 'leave' }, END + 30_100), [{ type: 'leave', prefix: 'b1' }]);
  assert.deepEqual(f.prefixes(), ['b2']);
  assert.deepEqual(f.step({ type: 'timer', kind: 'leave' }, END + 40_000), [], 'left once');
});

test('a third prefix during an overlap: the oldest is left at once', () => {
  const f = follower(() => 0);
  f.step({ type: 'start' }, T0);
  f.step(fetched(b('b1', 1000, 20)), 1000 * 20_000);
  f.step({ type: 'timer', kind: 'refresh' }, 1001 * 20_000);
  f.step(fetched(b('b2', 1001, 20)), 1001 * 20_000);
  f.step({ type: 'timer', kind: 'refresh' }, 1002 * 20_000);
  const out = f.step(fetched(b('b3', 1002, 20)), 1002 * 20_000);
  assert.deepEqual(out.filter((a) => a.type === 'leave'), [{ type: 'leave', prefix: 'b1' }]);
  assert.deepEqual(f.prefixes(), ['b3', 'b2']);
});

test('the same period again (our clock is ahead): asked again after 1 s, doubling up to 10 s, keeping the prefix', () => {
  const f = follower(() => 0);
  f.step({ type: 'start' }, T0);
  f.step(fetched(b('b1', 2863383)), T0);
  let now = END;
  const delays = [];
  for (let i = 0; i < 6; i++) {
    f.step({ type: 'timer', kind: 'refresh' }, now);
    const out = f.step(fetched(b('b1', 2863383)), now);
    assert.deepEqual(types(out), ['timer']);
    delays.push(timerAt(out, 'refresh') - now);
    now = timerAt(out, 'refresh');
  }
  assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  assert.deepEqual(f.prefixes(), ['b1']);
  assert.equal(types(f.step({ type: 'timer', kind: 'refresh' }, now).concat(f.step(fetched(b('b2', 2863384)), now)))
    .includes('join'), true);
});

test('faults: reported once until a success, retried after 1 s doubling up to 30 s; the prefix is kept meanwhile', () => {
  const f = follower(() => 0);
  f.step({ type: 'start' }, T0);
  let out = f.step({ type: 'fetch-failed', detail: 'connection refused' }, T0);
  assert.deepEqual(out[0], { type: 'fault', reason: 'beacon-unreachable', detail: 'connection refused' });
  let now = T0;
  const delays = [timerAt(out, 'refresh') - now];
  for (let i = 0; i < 6; i++) {
    now = timerAt(out, 'refresh');
    assert.deepEqual(f.step({ type: 'timer', kind: 'refresh' }, now), [{ type: 'fetch' }]);
    out = f.step({ type: 'fetch-failed', detail: 'connection refused' }, now);
    assert.deepEqual(types(out), ['timer'], 'not reported again');
    delays.push(timerAt(out, 'refresh') - now);
  }
  assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  assert.deepEqual(f.prefixes(), []);
  // Another kind of fault is reported; then a success says it is over and joins.
  f.step({ type: 'timer', kind: 'refresh' }, now + 30_000);
  assert.equal(f.step({ type: 'fetched', header: null, beacon: null }, now + 30_000)[0].reason, 'beacon-missing');
  f.step({ type: 'timer', kind: 'refresh' }, now + 60_000);
  out = f.step(fetched(b('b1', Math.floor((now + 60_000) / 600_000))), now + 60_000);
  assert.deepEqual(types(out), ['recovered', 'join', 'timer']);
  assert.equal(out[0].reason, 'beacon-missing');
});

test('a beacon that did not verify, or whose period ended more than a period ago, is not used', () => {
  const f = follower();
  f.step({ type: 'start' }, T0);
  assert.equal(f.step({ type: 'fetched', header: 'junk', beacon: null }, T0)[0].reason, 'beacon-invalid');
  const old = b('b0', 2863381); // ended at T0 - 300 s - 600 s: more than one period ago
  f.step({ type: 'timer', kind: 'refresh' }, T0 + 1_000);
  assert.equal(f.step(fetched(old), T0 + 1_000)[0].reason, 'beacon-stale');
  f.step({ type: 'timer', kind: 'refresh' }, T0 + 3_000);
  const previous = b('b9', 2863382); // the previous period: still usable
  assert.deepEqual(types(f.step(fetched(previous), T0 + 3_000)), ['recovered', 'join', 'timer']);
  assert.deepEqual(f.prefixes(), ['b9']);
  assert.throws(() => f.step({ type: 'nonsense' }, T0));
  assert.throws(() => f.step({ type: 'start' }, Number.NaN));
});

// ------------------------------------------------------------------ the client following the beacon, on fakes

const storage = () => {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, v) };
};
const FIRST = BEACONS[0][5]; // A, period 2863383: prefix bcd3b741c3743d98d
const NEXT = BEACONS[2][5]; // A, period 2863384: prefix b086169a77f4e3e46
/** Polls `condition` (the driver's requests and WebCrypto are asynchronous) until it holds, for at most 5 s. */
async function until(condition, what = 'condition') {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function beaconClient(answers) {
  const Peer = fakePeerClass();
  const events = [];
  let now = T0;
  const asked = [];
  const fetch = async (url, init) => {
    asked.push({ url, method: init.method, cache: init.cache });
    const header = answers.shift();
    if (header instanceof Error) throw header;
    return { ok: true, status: 204, headers: { get: (h) => (h.toLowerCase() === 'x-mesh-beacon' ? header : null) } };
  };
  const c = new MeshClient({ Peer, signaling: { host: 'h', port: 9000 }, name: 'alice', storage: storage(),
    discover: async () => ({ ip: '203.0.113.10', source: 'http' }), onEvent: (e) => events.push(e),
    recheckMillis: 3_600_000, beacon: { url: 'https://app.example/beacon', keys: [KEY_A_JWK] },
    beaconDriver: { fetch, clock: () => now, random: () => 0 } });
  return { c, Peer, events, asked, setNow: (t) => { now = t; } };
}

test('the client joins under the beacon prefix, presents the beacon on every signaling connection, and rotates', async (t) => {
  const { c, Peer, events, asked, setNow } = beaconClient([FIRST, NEXT]);
  t.after(() => c.stop()); // a failed assertion must not leave the client's timers running
  await c.start();
  await until(() => events.some((e) => e.event === 'ready'), 'ready');
  assert.deepEqual(asked[0], { url: 'https://app.example/beacon', method: 'POST', cache: 'no-store' });
  const ready = events.find((e) => e.event === 'ready');
  assert.equal(ready.prefix, 'bcd3b741c3743d98d');
  assert.equal(ready.namespace, 'n6e0ddd7bbfd7b8f0');
  const [transport, discovery] = Peer.created;
  assert.match(transport.id, /^bcd3b741c3743d98d-[0-9a-f-]{36}$/);
  assert.match(discovery.id, /^bcd3b741c3743d98d-n6e0ddd7bbfd7b8f0-[0-9a-f-]{36}$/);
  for (const p of [transport, discovery]) assert.equal(p.options.key, `peerjs&beacon=${FIRST}`);
  const prefixes = () => events.filter((e) => e.event.startsWith('beacon-prefix')).map((e) => [e.event, e.prefix]);
  assert.deepEqual(prefixes(), [['beacon-prefix', 'bcd3b741c3743d98d']], 'what the rendezvous part follows');

  // The period ends: the next beacon is joined beside the old one, whose IDs stay until the overlap ends.
  setNow(END);
  c.beaconDriver.step({ type: 'timer', kind: 'refresh' });
  await until(() => Peer.created.some((p) => p.id.startsWith('b086169a77f4e3e46-n')), 'the next namespace');
  const second = Peer.created.find((p) => p.id.startsWith('b086169a77f4e3e46-n'));
  assert.equal(second.options.key, `peerjs&beacon=${NEXT}`);
  assert.equal(discovery.destroyed, false, 'the old namespace is still served');
  assert.deepEqual([...c.units.keys()], ['bcd3b741c3743d98d', 'b086169a77f4e3e46']);
  assert.equal(events.filter((e) => e.event === 'ready').at(-1).prefix, 'b086169a77f4e3e46');
  assert.equal(transport.destroyed, false, 'the Transport ID is kept while the server holds it');
  assert.deepEqual(prefixes().at(-1), ['beacon-prefix', 'b086169a77f4e3e46']);

  // During the overlap the list is the union of both namespaces' lists, by discovery UUID.
  const [old, cur] = [...c.units.values()];
  const entry = (prefix, ns, uuid, name) => ({ discoveryID: `${prefix}-${ns}-${uuid}`, friendlyName: name, discoveryUUID: uuid });
  const U1 = '11111111-1111-4111-8111-111111111111';
  const U2 = '22222222-2222-4222-8222-222222222222';
  c.onNotify(old, { type: 'list', peers: [entry(old.prefix, old.ns, U1, 'bob'), entry(old.prefix, old.ns, U2, 'carol')] });
  c.onNotify(cur, { type: 'list', peers: [entry(cur.prefix, cur.ns, U1, 'bob')] });
  const list = events.filter((e) => e.event === 'network').at(-1).peers;
  assert.deepEqual(list.map((p) => [p.name, p.discoveryId.slice(0, 17)]).sort(),
    [['bob', 'b086169a77f4e3e46'], ['carol', 'bcd3b741c3743d98d']]);
  // The role: the newest unit's that has one.
  c.onNotify(old, { type: 'role', role: 'router', routerId: `${old.prefix}-${old.ns}-1` });
  assert.equal(c.state.role, 'router');
  c.onNotify(cur, { type: 'role', role: 'member', routerId: `${cur.prefix}-${cur.ns}-1` });
  assert.deepEqual([c.state.role, c.state.routerId], ['member', `${cur.prefix}-${cur.ns}-1`]);

  // The overlap ends (min(30 s, L/2) after the join): the old namespace is left, its entries leave the list.
  setNow(END + 30_000);
  c.beaconDriver.step({ type: 'timer', kind: 'leave' });
  await until(() => c.units.size === 1, 'the old namespace left');
  assert.deepEqual([...c.units.keys()], ['b086169a77f4e3e46']);
  await until(() => discovery.destroyed, 'the old Discovery ID released');
  assert.deepEqual(prefixes(), [['beacon-prefix', 'bcd3b741c3743d98d'], ['beacon-prefix', 'b086169a77f4e3e46'],
    ['beacon-prefix-left', 'bcd3b741c3743d98d']]);
  assert.deepEqual(events.filter((e) => e.event === 'network').at(-1).peers.map((p) => p.name), ['bob']);
  c.stop();
});

test('without a beacon nothing is registered, the fault is shown once, and the first beacon starts everything', async () => {
  const { c, Peer, events, asked, setNow } = beaconClient([null, null, 'junk', FIRST]);
  const faults = () => events.filter((e) => e.event === 'fault');
  await c.start();
  await until(() => faults().length === 1, 'the fault');
  assert.equal(Peer.created.length, 0);
  assert.deepEqual(faults().map((e) => e.reason), ['beacon-missing']);
  assert.match(faults()[0].message, /^the beacon could not be had: .*X-Mesh-Beacon/);
  assert.equal(faults()[0].sticky, true);
  for (let i = 1; i <= 3; i++) {
    setNow(T0 + i * 60_000);
    c.beaconDriver.step({ type: 'timer', kind: 'refresh' });
    await until(() => asked.length === i + 1 && !c.beaconDriver.follower.fetching, `answer ${i + 1}`);
  }
  await until(() => Peer.created.length === 2, 'the Transport ID and the Discovery ID');
  assert.deepEqual(faults().map((e) => e.reason), ['beacon-missing', 'beacon-invalid']);
  assert.deepEqual(events.filter((e) => e.event === 'fault-cleared').map((e) => e.reason), ['beacon-invalid']);
  assert.equal(Peer.created.length, 2);
  assert.ok(Peer.created.every((p) => p.id.startsWith('bcd3b741c3743d98d-')));
  c.stop();
});

test('a server that refuses the ID (ERROR, e.g. no beacon under --require-beacon) is a fault, shown once', async () => {
  const Peer = fakePeerClass();
  const events = [];
  const c = new MeshClient({ Peer, signaling: { host: 'h', port: 9000 }, name: 'alice', storage: storage(),
    discover: async () => ({ ip: '203.0.113.10', source: 'http' }), onEvent: (e) => events.push(e), recheckMillis: 3_600_000 });
  await c.start();
  const [transport, discovery] = Peer.created;
  assert.equal(transport.options.key, 'peerjs', 'the fixed prefix presents no beacon');
  transport.emit('error', Object.assign(new Error('No beacon supplied'), { type: 'server-error' }));
  discovery.emit('error', Object.assign(new Error('No beacon supplied'), { type: 'server-error' }));
  const faults = events.filter((e) => e.event === 'fault');
  assert.deepEqual(faults.map((e) => [e.reason, e.message]),
    [['signaling-refused', 'the signaling server refused this client: No beacon supplied']]);
  // Once the server takes the IDs (a role in a namespace, or the Transport ID open), the fault is over.
  const [h] = c.units.values();
  c.onNotify(h, { type: 'role', role: 'router', routerId: `mesh-${h.ns}-1` });
  assert.deepEqual(events.filter((e) => e.event === 'fault-cleared'), [{ event: 'fault-cleared', reason: 'signaling-refused' }]);
  c.stop();
});
