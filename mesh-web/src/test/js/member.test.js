// The member of docs/PROTOCOL.md §6–§7, driven by hand: search, check-in, snapshots, deltas and versions,
// liveness, `moved`, `leaving`, and what it refuses to believe.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Driver, did, slotId, sends, closes } from './driver.js';
import { NamespaceUnit } from '../../main/resources/io/meshkit/web/app/js/mesh/core/unit.js';

const uuid = (name) => did(name).split('-').slice(2).join('-');
const entry = (name, extra = {}) => ({ discoveryID: did(name), friendlyName: name, lastSeen: 1, discoveryUUID: uuid(name), ...extra });
const welcome = (k, version, names, extra = {}) => ({ type: 'welcome', protocol: 2, slot: k, routerDiscoveryID: did('boss'),
  version, successor: '', part: 1, parts: 1, entries: names.map((n) => entry(n)), ...extra });

/** A member of slot k with the given snapshot. */
function member(k = 1, names = ['boss', 'me', 'x'], version = 3, opts = {}) {
  const d = new Driver(opts);
  d.step({ type: 'start' });
  d.step({ type: 'claim-won', id: d.id });
  for (let j = 1; j < k; j++) d.unit.election.mark(j, 'vanished', d.now);
  if (k > 1) d.unit.election.begin(d.now);
  const connect = d.step({ type: 'claim-taken', id: slotId(k) });
  assert.deepEqual(connect.find((e) => e.type === 'connect'), { type: 'connect', local: d.id, remote: slotId(k) });
  const checkin = sends(d.step({ type: 'link-open', local: d.id, remote: slotId(k), incoming: false }));
  assert.deepEqual(checkin, [{ type: 'checkin', protocol: 2, discoveryID: d.id, friendlyname: 'me', discoveryUUID: uuid('me'),
    transportID: 'mesh-t-me' }]);
  d.message(slotId(k), welcome(k, version, names), k, d.id);
  assert.equal(d.unit.mode, 'member');
  return d;
}
const fromRouter = (d, data, k = 1) => d.message(slotId(k), data, k, d.id);

test('search: slot 1 taken → connect from the Discovery ID, check in, become member on the welcome', () => {
  const d = member();
  assert.deepEqual(d.listed, ['boss', 'x']);
  assert.deepEqual(d.unit.role(), { role: 'member', routerId: slotId(1), routerDiscoveryId: did('boss') });
  assert.ok(d.log.some((e) => e.type === 'role' && e.role === 'member'));
});

test('deltas in order are applied; stale ones ignored; a gap asks for a resync (once per budget refill)', () => {
  const d = member();
  fromRouter(d, { type: 'delta', version: 4, upserts: [entry('y')], removed: [did('x')] });
  assert.deepEqual(d.listed, ['boss', 'y']);
  assert.deepEqual(sends(fromRouter(d, { type: 'delta', version: 4, upserts: [entry('z')], removed: [] })), []);
  assert.deepEqual(d.listed, ['boss', 'y']);
  assert.deepEqual(sends(fromRouter(d, { type: 'delta', version: 6, upserts: [entry('z')], removed: [] })), [{ type: 'resync' }]);
  assert.deepEqual(d.listed, ['boss', 'y'], 'a delta after a gap is not applied');
  assert.deepEqual(sends(fromRouter(d, { type: 'delta', version: 7, upserts: [], removed: [] })), [], 'one resync at a time');
  fromRouter(d, welcome(1, 7, ['boss', 'me', 'y', 'z']));
  assert.deepEqual(d.listed, ['boss', 'y', 'z']);
  assert.equal(d.unit.view.version, 7);
});

test('a router ping or pong with a higher version means a lost delta: resync; pings are answered', () => {
  const d = member();
  const fx = sends(fromRouter(d, { type: 'ping', version: 3 }));
  assert.deepEqual(fx, [{ type: 'pong' }]);
  assert.deepEqual(sends(fromRouter(d, { type: 'pong', version: 4 })), [{ type: 'resync' }]);
});

test('a member pings its router every heartbeat and gives it up after ttl of silence', () => {
  const d = member();
  const pings = sends(d.advance(60_000));
  assert.deepEqual(pings, [{ type: 'ping' }]);
  fromRouter(d, { type: 'pong', version: 3 });
  const lost = d.advance(90_000);
  assert.deepEqual(closes(lost), [slotId(1)]);
  assert.equal(d.unit.election.marks.get(1).kind, 'vanished');
  assert.deepEqual(d.listed, ['x'], 'the lost router leaves the list, the others stay');
});

test('link loss: slot marked vanished; the designated successor searches at once, others after jitter', () => {
  const s = member(1, ['boss', 'me', 'x'], 3);
  fromRouter(s, { type: 'delta', version: 4, upserts: [], removed: [], successor: s.id });
  const fx = s.step({ type: 'link-closed', local: s.id, remote: slotId(1) });
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(2)], 'successor: at once, skipping slot 1');
  const o = member(1, ['boss', 'me', 'x'], 3, { seed: 9 });
  const fx2 = o.step({ type: 'link-closed', local: o.id, remote: slotId(1) });
  assert.deepEqual(fx2.filter((e) => e.type === 'claim'), []);
  const t = fx2.find((e) => e.type === 'timer' && e.key === 'election');
  assert.ok(t.at - o.now >= 0 && t.at - o.now <= 3_000);
});

test('leaving: the successor searches after handoverDelay, others after handoverDelay + up to cleanJitter; slot 1 first', () => {
  const s = member();
  fromRouter(s, { type: 'leaving', successor: s.id });
  assert.equal(s.timers.get('election') - s.now, 250);
  assert.deepEqual(s.advance(250).filter((e) => e.type === 'claim').map((e) => e.id), [slotId(1)]);
  const o = member(1, ['boss', 'me', 'x'], 3, { seed: 4 });
  fromRouter(o, { type: 'leaving', successor: did('x') });
  const delay = o.timers.get('election') - o.now;
  assert.ok(delay >= 250 && delay <= 1_250, `${delay}`);
  assert.deepEqual(o.listed, ['x']);
});

test('moved: followed only to a slot ID of our namespace, from our router\'s link', () => {
  const d = member();
  assert.deepEqual(fromRouter(d, { type: 'moved', routerID: 'mesh-n7b560ed97fd76232-1' }), []);
  assert.deepEqual(fromRouter(d, { type: 'moved', routerID: did('evil') }), []);
  assert.deepEqual(d.message(slotId(1), { type: 'moved', routerID: slotId(3) }, 1, 'mesh-t-other'), []);
  const fx = fromRouter(d, { type: 'moved', routerID: slotId(2) });
  assert.deepEqual(closes(fx), [slotId(1)]);
  assert.deepEqual(fx.find((e) => e.type === 'connect'), { type: 'connect', local: d.id, remote: slotId(2) });
  assert.deepEqual(d.listed, ['boss', 'x'], 'the list stays while following');
  d.step({ type: 'link-open', local: d.id, remote: slotId(2), incoming: false });
  d.message(slotId(2), welcome(2, 0, ['boss', 'me']), 2, d.id);
  assert.deepEqual(d.unit.role(), { role: 'member', routerId: slotId(2), routerDiscoveryId: did('boss') });
});

test('while joining, a welcome for another slot sends us there (no claim)', () => {
  const d = new Driver();
  d.step({ type: 'start' });
  d.step({ type: 'claim-won', id: d.id });
  d.step({ type: 'claim-taken', id: slotId(1) });
  d.step({ type: 'link-open', local: d.id, remote: slotId(1), incoming: false });
  const fx = d.message(slotId(1), welcome(2, 0, ['boss']), 1, d.id);
  assert.deepEqual(fx.find((e) => e.type === 'connect'), { type: 'connect', local: d.id, remote: slotId(2) });
  assert.deepEqual(fx.filter((e) => e.type === 'claim'), []);
});

test('a check-in without an answer marks the slot unanswered, backs off, and tries the next slot', () => {
  const d = new Driver();
  d.step({ type: 'start' });
  d.step({ type: 'claim-won', id: d.id });
  d.step({ type: 'claim-taken', id: slotId(1) });
  const fx = d.advance(3_000);
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(2)]);
  assert.equal(d.unit.election.marks.get(1).kind, 'unanswered');
  assert.equal(d.unit.election.rto, 6_000);
  // A welcome at slot 2 lets the timeout decay again.
  d.step({ type: 'claim-taken', id: slotId(2) });
  d.step({ type: 'link-open', local: d.id, remote: slotId(2), incoming: false });
  d.now += 40;
  d.message(slotId(2), welcome(2, 0, ['boss']), 2, d.id);
  assert.equal(d.unit.election.rto, 5_250);
});

test('refused or closed while joining: next slot; a claim without answer is released and retried from slot 1', () => {
  const d = new Driver();
  d.step({ type: 'start' });
  d.step({ type: 'claim-won', id: d.id });
  d.step({ type: 'claim-taken', id: slotId(1) });
  d.step({ type: 'link-open', local: d.id, remote: slotId(1), incoming: false });
  const fx = d.message(slotId(1), { type: 'refused', reason: 'full' }, 1, d.id);
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(2)]);
  const timeout = d.advance(3_000);
  assert.deepEqual(timeout.filter((e) => e.type === 'release').map((e) => e.id), [slotId(2)]);
  assert.deepEqual(d.advance(6_000).filter((e) => e.type === 'claim').map((e) => e.id), [slotId(2)],
    'from slot 1 again, which stays marked: slot 2 (a claim without answer marks nothing)');
});

test('a snapshot with an invalid entry is ignored; entries of other namespaces are dropped', () => {
  const d = member();
  fromRouter(d, welcome(1, 9, ['boss', 'me'], { entries: [entry('boss'), entry('bad', { friendlyName: 'a\u0007' })] }));
  assert.equal(d.unit.view.version, 3);
  const foreign = { discoveryID: 'mesh-n7b560ed97fd76232-aaaaaaaa', friendlyName: 'far', lastSeen: 1, discoveryUUID: 'aaaaaaaa' };
  fromRouter(d, welcome(1, 10, [], { entries: [entry('boss'), foreign, { ...entry('x'), discoveryID: slotId(5), discoveryUUID: '5' }] }));
  assert.equal(d.unit.view.version, 3, 'a slot ID as an entry is invalid (uuid rule)');
  fromRouter(d, welcome(1, 10, [], { entries: [entry('boss'), foreign] }));
  assert.equal(d.unit.view.version, 10);
  assert.deepEqual(d.listed, ['boss']);
});

test('a new Transport ID is checked in again on the same link', () => {
  const d = member();
  const fx = sends(d.step({ type: 'transport-id', id: 'mesh-t-new' }));
  assert.equal(fx[0].type, 'checkin');
  assert.equal(fx[0].transportID, 'mesh-t-new');
});

test('a Discovery ID that is taken is a fault, claimed again after 3 s doubling up to heldId (same installation twice)', () => {
  const d = new Driver();
  d.step({ type: 'start' });
  const waits = [];
  for (let i = 0; i < 7; i++) {
    const fx = d.step({ type: 'claim-taken', id: d.id });
    assert.deepEqual(fx.filter((e) => e.type !== 'timer'), [{ type: 'fault', reason: 'discovery-id-taken' }]);
    const at = d.timers.get('discovery-retry');
    waits.push(at - d.now);
    assert.deepEqual(d.advance(at - d.now - 1).filter((e) => e.type === 'claim'), []);
    assert.deepEqual(d.advance(1).filter((e) => e.type === 'claim'), [{ type: 'claim', id: d.id }]);
  }
  assert.deepEqual(waits, [3_000, 6_000, 12_000, 24_000, 48_000, 90_000, 90_000]);
  const won = d.step({ type: 'claim-won', id: d.id });
  assert.deepEqual(won.filter((e) => e.type === 'claim'), [{ type: 'claim', id: slotId(1) }]);
});

test('every slot marked: the search waits for the earliest mark to expire', () => {
  const d = new Driver({ timings: { maxSlots: 2 } });
  d.step({ type: 'start' });
  d.unit.election.mark(1, 'vanished', d.now);
  d.now += 1_000;
  d.unit.election.mark(2, 'vanished', d.now);
  d.step({ type: 'claim-won', id: d.id });
  assert.equal(d.timers.get('election'), d.now - 1_000 + 90_000);
  assert.deepEqual(d.advance(89_000).filter((e) => e.type === 'claim').map((e) => e.id), [slotId(1)]);
});

test('refused by its router: the membership ends and the slot is marked unanswered, not vanished (§7.4)', () => {
  const d = member();
  const fx = fromRouter(d, { type: 'refused', reason: 'full' });
  assert.deepEqual(closes(fx), [slotId(1)]);
  assert.equal(d.unit.mode, 'searching');
  assert.equal(d.unit.election.marks.get(1).kind, 'unanswered');
});

test('a message above the size limit from its router ends the membership like a lost link (§3.3)', () => {
  const d = member();
  const fx = d.step({ type: 'link-message', local: d.id, remote: slotId(1), data: {}, size: 16_300 });
  assert.deepEqual(closes(fx), [slotId(1)]);
  assert.equal(d.unit.election.marks.get(1).kind, 'vanished');
  assert.equal(d.unit.mode, 'searching');
});

test('an unanswered slot is skipped for heldId, then tried again (§6.2)', () => {
  const d = new Driver({ timings: { maxSlots: 2 } });
  d.step({ type: 'start' });
  d.step({ type: 'claim-won', id: d.id });
  d.step({ type: 'claim-taken', id: slotId(1) });
  d.step({ type: 'link-closed', local: d.id, remote: slotId(1) }); // marked unanswered now
  const marked = d.now;
  d.step({ type: 'claim-taken', id: slotId(2) });
  d.step({ type: 'link-closed', local: d.id, remote: slotId(2) });
  // Both marked: the search waits for the first mark to expire, exactly heldId after it was set.
  const fx = d.advance(90_000 - 1);
  assert.deepEqual(fx.filter((e) => e.type === 'claim'), []);
  assert.deepEqual(d.advance(1).filter((e) => e.type === 'claim').map((e) => e.id), [slotId(1)]);
  assert.equal(d.now, marked + 90_000);
});

test('the connect timeout decays by an eighth rounded down, never below twice the connect-to-welcome time nor above 8× (§6.1)', () => {
  const e = new Driver().unit.election;
  e.rto = 6_005;
  e.decay(0);
  assert.equal(e.rto, 6_005 - 750);
  e.decay(0);
  assert.equal(e.rto, 5_255 - 656);
  e.decay(2_500);
  assert.equal(e.rto, 5_000);
  for (const expected of [4_375, 3_829, 3_351, 3_000, 3_000]) {
    e.decay(0);
    assert.equal(e.rto, expected, 'never below connectTimeout');
  }
  e.decay(20_000);
  assert.equal(e.rto, 24_000, 'capped at 8 × connectTimeout');
});

test('one connect timeout covers the connect and the whole welcome (§6.1, §7.1)', () => {
  const d = new Driver();
  d.step({ type: 'start' });
  d.step({ type: 'claim-won', id: d.id });
  d.step({ type: 'claim-taken', id: slotId(1) });
  d.advance(2_900);
  d.step({ type: 'link-open', local: d.id, remote: slotId(1), incoming: false }); // 100 ms left for the welcome
  assert.deepEqual(d.advance(99).filter((e) => e.type === 'claim'), []);
  const fx = d.advance(1);
  assert.deepEqual(closes(fx), [slotId(1)]);
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(2)]);
});

test('redirects: at most 4 in a row; a failure after one marks that slot and the search goes on after the searched slot (§6)', () => {
  const d = new Driver();
  d.step({ type: 'start' });
  d.step({ type: 'claim-won', id: d.id });
  d.step({ type: 'claim-taken', id: slotId(1) });
  let at = 1;
  for (let i = 0; i <= 4; i++) {
    d.step({ type: 'link-open', local: d.id, remote: slotId(at), incoming: false });
    const next = i % 2 === 0 ? 3 : 4;
    const fx = d.message(slotId(at), { type: 'moved', routerID: slotId(next) }, at, d.id);
    if (i < 4) {
      assert.deepEqual(fx.find((e) => e.type === 'connect'), { type: 'connect', local: d.id, remote: slotId(next) }, `hop ${i + 1}`);
    } else {
      // The fifth is not followed: slot 4 (which sent it) is marked, the search claims slot 2.
      assert.equal(fx.find((e) => e.type === 'connect'), undefined);
      assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(2)]);
    }
    at = next;
  }
  assert.equal(d.unit.election.marks.get(4).kind, 'unanswered');
  // A redirected check-in that fails: slot 3 is marked, the search goes on after slot 2, skipping 3 and 4.
  d.step({ type: 'claim-taken', id: slotId(2) });
  d.step({ type: 'link-open', local: d.id, remote: slotId(2), incoming: false });
  d.message(slotId(2), { type: 'moved', routerID: slotId(3) }, 2, d.id);
  const fx = d.step({ type: 'link-closed', local: d.id, remote: slotId(3) });
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(5)]);
});

test('a member whose follow of `moved` fails searches from slot 1 (§6, §10)', () => {
  const d = member(2);
  fromRouter(d, { type: 'moved', routerID: slotId(3) }, 2);
  const fx = d.step({ type: 'link-closed', local: d.id, remote: slotId(3) });
  // Slot 1 is marked (vanished, in the set-up), so the search from slot 1 claims slot 2.
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(2)]);
  assert.equal(d.unit.election.marks.get(3).kind, 'unanswered');
});

test('a delta removing IDs the copy does not hold changes nothing else (§5.4)', () => {
  const d = member();
  fromRouter(d, { type: 'delta', version: 4, upserts: [], removed: [did('ghost'), 'mesh-n7b560ed97fd76232-aaaaaaaa', slotId(1)] });
  assert.deepEqual(d.listed, ['boss', 'x']);
  assert.equal(d.unit.view.version, 4);
});

test('its Discovery ID lost: the member leaves its router without a mark and searches once the ID is ours again (§3.1)', () => {
  const d = member();
  const fx = d.step({ type: 'id-lost', id: d.id });
  assert.deepEqual(closes(fx), [slotId(1)]);
  assert.deepEqual(fx.filter((e) => e.type === 'claim'), [{ type: 'claim', id: d.id }]);
  assert.deepEqual(d.advance(10_000).filter((e) => e.type === 'claim'), [], 'no search without the ID');
  const won = d.step({ type: 'claim-won', id: d.id });
  assert.deepEqual(won.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(1)], 'slot 1 is not marked');
});

test('a Transport ID that reads as an ID of the namespace is refused (§2.4)', () => {
  const d = member();
  const o = { prefix: 'mesh', ns: d.unit.ids.ns, discoveryUUID: uuid('me'), name: 'me', random: () => 0 };
  assert.throws(() => new NamespaceUnit({ ...o, transportID: did('other') }), /reads as an ID of this namespace/);
  assert.throws(() => new NamespaceUnit({ ...o, transportID: slotId(1) }), /reads as an ID of this namespace/);
  assert.ok(new NamespaceUnit({ ...o, transportID: 'mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d' }));
  const fx = d.step({ type: 'transport-id', id: `${did('me').split('-').slice(0, 2).join('-')}-aaaaaaaa-bbbb` });
  assert.deepEqual(sends(fx), [], 'not checked in with it');
  assert.equal(d.unit.self.transportID, 'mesh-t-me');
});
