// The PeerJS adapter with a fake PeerJS: effects become Peer/DataConnection calls, callbacks become events,
// one event at a time.
import test from 'node:test';
import assert from 'node:assert/strict';
import { PeerJsAdapter, receivedSize } from '../../main/resources/io/meshkit/web/app/js/mesh/peerjs-adapter.js';
import { fakePeerClass, FakeConn, ScriptedUnit } from './fake-peerjs.js';
import { welcomeMessages } from '../../main/resources/io/meshkit/web/app/js/mesh/core/split.js';
import { wireSize } from '../../main/resources/io/meshkit/web/app/js/mesh/core/wire.js';

function setup(script) {
  const Peer = fakePeerClass();
  const unit = new ScriptedUnit(script);
  const notified = [];
  let now = 1_000;
  const adapter = new PeerJsAdapter({ Peer, peerOptions: { host: 'h', port: 1 }, clock: () => now,
    notify: (fx) => notified.push(fx) }).attach(unit);
  return { Peer, unit, adapter, notified, advance: (ms) => { now += ms; } };
}

const types = (unit) => unit.events.map((e) => e.type);
const tick = () => new Promise((r) => setTimeout(r, 0));

test('claim: a Peer per ID; open is claim-won; unavailable-id is claim-taken and the Peer is destroyed', () => {
  const { Peer, unit, adapter } = setup();
  adapter.execute({ type: 'claim', id: 'a' });
  adapter.execute({ type: 'claim', id: 'b' });
  assert.deepEqual(Peer.created.map((p) => p.id), ['a', 'b']);
  assert.deepEqual(Peer.created[0].options, { host: 'h', port: 1 });
  Peer.created[0].emit('open', 'a');
  Peer.created[1].emit('error', { type: 'unavailable-id' });
  assert.deepEqual(unit.events.map((e) => [e.type, e.id]), [['claim-won', 'a'], ['claim-taken', 'b']]);
  assert.equal(Peer.created[1].destroyed, true);
  Peer.created[0].emit('open', 'a');
  assert.equal(unit.events.length, 2, 'a reconnect (open again) is not a second claim-won');
});

test('events raised while effects are carried out are queued, never re-entering step', () => {
  const { Peer, unit, adapter } = setup((e) => (e.type === 'start' ? [{ type: 'claim', id: 'x' }] : []));
  // A Peer that opens synchronously inside its constructor.
  const Sync = class extends Peer {
    constructor(id, o) {
      super(id, o);
      queueMicrotask(() => {});
      this.on = (ev, fn) => { super.on(ev, fn); if (ev === 'open') fn(id); return this; };
    }
  };
  adapter.Peer = Sync;
  adapter.dispatch({ type: 'start' });
  assert.deepEqual(types(unit), ['start', 'claim-won']);
  assert.equal(unit.maxDepth, 1);
});

test('connect opens a reliable json DataConnection from the local ID; open becomes link-open (outgoing)', () => {
  const { Peer, unit, adapter } = setup();
  adapter.execute({ type: 'claim', id: 'me' });
  Peer.created[0].emit('open', 'me');
  adapter.execute({ type: 'connect', local: 'me', remote: 'slot1' });
  const conn = Peer.created[0].outgoing[0];
  assert.deepEqual(conn.options, { reliable: true, serialization: 'json' });
  conn.opened();
  assert.deepEqual(unit.events.at(-1), { type: 'link-open', local: 'me', remote: 'slot1', incoming: false, now: 1_000 });
  conn.emit('data', { type: 'ping' });
  assert.deepEqual(unit.events.at(-1), { type: 'link-message', local: 'me', remote: 'slot1', data: { type: 'ping' }, size: 15, now: 1_000 });
  adapter.execute({ type: 'send', local: 'me', remote: 'slot1', message: { type: 'pong' } });
  assert.deepEqual(conn.sent, [{ type: 'pong' }]);
  conn.close();
  assert.deepEqual(unit.events.at(-1).type, 'link-closed');
});

test('peer-unavailable (the server\'s EXPIRE) fails the pending connect to that peer', () => {
  const { Peer, unit, adapter } = setup();
  adapter.execute({ type: 'claim', id: 'me' });
  Peer.created[0].emit('open', 'me');
  adapter.execute({ type: 'connect', local: 'me', remote: 'gone-1' });
  Peer.created[0].emit('error', { type: 'peer-unavailable', message: 'Could not connect to peer gone-1' });
  assert.deepEqual(unit.events.at(-1), { type: 'link-closed', local: 'me', remote: 'gone-1', now: 1_000 });
  assert.equal(Peer.created[0].outgoing[0].closed, true);
});

test('a connect from an ID we do not hold fails (asynchronously, as a closed link)', async () => {
  const { unit, adapter } = setup();
  adapter.execute({ type: 'connect', local: 'nobody', remote: 'x' });
  assert.equal(unit.events.length, 0);
  await tick();
  assert.deepEqual(unit.events.map((e) => e.type), ['link-closed']);
});

test('incoming: open is link-open (incoming); raw serialization is closed; a second link with the same pair replaces the first silently', () => {
  const { Peer, unit, adapter } = setup();
  adapter.execute({ type: 'claim', id: 'slot' });
  const peer = Peer.created[0];
  peer.emit('open', 'slot');
  const raw = new FakeConn('m', { serialization: 'raw' });
  peer.emit('connection', raw);
  assert.equal(raw.closed, true);
  const first = new FakeConn('m');
  peer.emit('connection', first);
  first.opened();
  assert.deepEqual(unit.events.at(-1), { type: 'link-open', local: 'slot', remote: 'm', incoming: true, now: 1_000 });
  const second = new FakeConn('m', { serialization: 'binary' });
  peer.emit('connection', second);
  second.opened();
  assert.equal(first.closed, true);
  assert.deepEqual(types(unit).slice(-2), ['link-open', 'link-open'], 'the replaced link reports no close');
  first.emit('data', { type: 'ping' });
  assert.equal(unit.events.at(-1).type, 'link-open', 'nor data');
  assert.equal(first.count('data'), 0, 'our handlers are gone from the old connection');
});

test('ICE disconnected or failed ends the link (PeerJS itself only closes on failed)', () => {
  const { Peer, unit, adapter } = setup();
  adapter.execute({ type: 'claim', id: 'slot' });
  Peer.created[0].emit('open', 'slot');
  const c = new FakeConn('m');
  Peer.created[0].emit('connection', c);
  c.opened();
  c.setIce('disconnected');
  assert.deepEqual(unit.events.at(-1), { type: 'link-closed', local: 'slot', remote: 'm', now: 1_000 });
  assert.equal(c.closed, true);
});

test('close and release wait until queued messages left, then close / destroy; no event for what we closed', async () => {
  const { Peer, unit, adapter } = setup();
  adapter.execute({ type: 'claim', id: 'slot' });
  const peer = Peer.created[0];
  peer.emit('open', 'slot');
  const c = new FakeConn('m');
  peer.emit('connection', c);
  c.opened();
  c.bufferSize = 1;
  adapter.execute({ type: 'send', local: 'slot', remote: 'm', message: { type: 'refused', reason: 'too-slow' } });
  adapter.execute({ type: 'close', local: 'slot', remote: 'm' });
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(c.closed, false, 'still flushing');
  c.bufferSize = 0;
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(c.closed, true);
  assert.equal(unit.events.at(-1).type, 'link-open', 'no link-closed for a close we asked for');
  adapter.execute({ type: 'release', id: 'slot' });
  assert.equal(peer.destroyed, false);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(peer.destroyed, true);
});

test('timers: set, replace, cancel; a due timer becomes a timer event', async () => {
  const { unit, adapter } = setup();
  adapter.execute({ type: 'timer', key: 'a', at: 1_000 + 20 });
  adapter.execute({ type: 'timer', key: 'b', at: 1_000 + 10 });
  adapter.execute({ type: 'timer', key: 'b', at: 1_000 + 30 });
  adapter.execute({ type: 'timer', key: 'c', at: 1_000 });
  adapter.execute({ type: 'cancel-timer', key: 'c' });
  await new Promise((r) => setTimeout(r, 80));
  assert.deepEqual(unit.events.map((e) => e.key), ['a', 'b']);
});

test('notifications go to the application; an unknown effect is an error', () => {
  const { adapter, notified } = setup();
  adapter.execute({ type: 'role', role: 'router', routerId: 'x' });
  adapter.execute({ type: 'list', peers: [] });
  assert.deepEqual(notified.map((n) => n.type), ['role', 'list']);
  assert.throws(() => adapter.execute({ type: 'teleport' }), /unknown effect/);
});

test('receivedSize counts UTF-8 bytes of the JSON text; what cannot be JSON is infinitely large', () => {
  assert.equal(receivedSize({ type: 'ping' }), 15);
  assert.equal(receivedSize({ n: 'ë' }), 10);
  const cyclic = {};
  cyclic.self = cyclic;
  assert.equal(receivedSize(cyclic), Number.POSITIVE_INFINITY);
  assert.equal(receivedSize(10n), Number.POSITIVE_INFINITY);
});

test('what a browser measures of a received message equals what a sender measured: no sent message is refused (§3.3)', () => {
  // PeerJS hands a browser the parsed value (JSON.parse on json links, BinaryPack-unpacked on binary ones): its
  // JSON.stringify gives back the sender's JSON text byte for byte (member order kept, no whitespace).
  const id = `${'p'.repeat(45)}-n0123456789abcdef-${'u'.repeat(64)}`;
  const e = (i) => ({ discoveryID: `${id.slice(0, -8)}${String(i).padStart(8, '0')}`, friendlyName: '"😀\\'.repeat(16),
    lastSeen: Number.MAX_SAFE_INTEGER, discoveryUUID: `${'u'.repeat(56)}${String(i).padStart(8, '0')}`, transportID: 't'.repeat(128) });
  const head = { slot: 64, routerDiscoveryID: id, version: Number.MAX_SAFE_INTEGER, successor: id };
  const messages = welcomeMessages(head, Array.from({ length: 60 }, (_, i) => e(i)));
  assert.ok(messages.length > 1);
  for (const m of messages) {
    assert.equal(receivedSize(JSON.parse(JSON.stringify(m))), wireSize(m));
    assert.ok(wireSize(m) <= 16_000);
  }
});
