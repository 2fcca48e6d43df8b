// The router of docs/PROTOCOL.md §8, driven by hand: admission, check-in rules, budgets, pushes,
// heartbeat and eviction, merges, successor, clean exit, and the design's minimal client (§12.1).
import test from 'node:test';
import assert from 'node:assert/strict';
import { Driver, did, slotId, sends, closes } from './driver.js';

test('a check-in is answered with the whole snapshot, and the member is pushed to the others as one delta', () => {
  const d = new Driver();
  d.becomeRouter();
  const fx = d.join('alice', 1, { protocol: 2, transportID: 'mesh-t-alice' });
  const [w] = sends(fx, did('alice'));
  assert.equal(w.type, 'welcome');
  assert.deepEqual([w.slot, w.routerDiscoveryID, w.version, w.part, w.parts, w.successor], [1, d.id, 0, 1, 1, did('alice')]);
  assert.deepEqual(w.entries.map((e) => e.friendlyName).sort(), ['alice', 'me']);
  assert.equal(w.entries.find((e) => e.friendlyName === 'alice').transportID, 'mesh-t-alice');
  d.join('bob');
  const pushed = d.advance(100);
  const deltas = sends(pushed);
  assert.equal(deltas.length, 2, 'one delta to each member');
  assert.ok(deltas.every((m) => m.type === 'delta' && m.version === 1));
  assert.deepEqual(deltas[0].upserts.map((e) => e.friendlyName), ['alice', 'bob']);
  assert.deepEqual(d.listed, ['alice', 'bob']);
});

test('a check-in that names another ID is refused (wrong-link); a foreign or own ID too (wrong-namespace)', () => {
  const d = new Driver();
  d.becomeRouter();
  d.open(did('mallory'));
  let fx = d.message(did('mallory'), { type: 'checkin', discoveryID: did('alice'), friendlyname: 'alice' });
  assert.deepEqual(sends(fx), [{ type: 'refused', reason: 'wrong-link' }]);
  assert.deepEqual(closes(fx), [did('mallory')]);
  for (const remote of ['mesh-t-someone', 'mesh-n7b560ed97fd76232-aaaaaaaa', slotId(1), 'other-thing']) {
    fx = d.open(remote);
    assert.deepEqual(sends(fx), [{ type: 'refused', reason: 'wrong-namespace' }], remote);
    assert.deepEqual(closes(fx), [remote]);
  }
  assert.deepEqual(d.listed, []);
});

test('a check-in with an invalid name is invalid (§4.3): not listed, not answered, closed at the admission deadline', () => {
  const d = new Driver();
  d.becomeRouter();
  d.open(did('eve'));
  const fx = d.checkin('eve', 1, { friendlyname: 'eve\u202Egnp.exe' });
  assert.deepEqual(fx.filter((e) => e.type !== 'log'), []);
  assert.deepEqual(d.listed, []);
  assert.deepEqual(sends(d.advance(5_000), did('eve')), [{ type: 'refused', reason: 'too-slow' }]);
});

test('a link that does not check in within the admission time is closed (too-slow)', () => {
  const d = new Driver();
  d.becomeRouter();
  d.open(did('idle'));
  d.message(did('idle'), { type: 'ping' }); // not a check-in: does not admit
  assert.deepEqual(sends(d.advance(4_999)).filter((m) => m.type === 'refused'), []);
  const fx = d.advance(1);
  assert.deepEqual(sends(fx, did('idle')), [{ type: 'refused', reason: 'too-slow' }]);
  assert.deepEqual(closes(fx), [did('idle')]);
  d.join('quick');
  assert.deepEqual(sends(d.advance(10_000), did('quick')).filter((m) => m.type === 'refused'), []);
});

test('a link that floods is closed (too-many-messages) and its member removed', () => {
  const d = new Driver();
  d.becomeRouter();
  d.join('flood');
  let refused = null;
  for (let i = 0; i < 200 && !refused; i++) {
    refused = sends(d.message(did('flood'), { type: 'whatever', i }), did('flood')).find((m) => m.type === 'refused');
  }
  assert.deepEqual(refused, { type: 'refused', reason: 'too-many-messages' });
  assert.deepEqual(d.listed, []);
  // At 20 messages a second, a member is never limited.
  d.join('calm');
  for (let i = 0; i < 400; i++) {
    d.now += 50;
    assert.equal(sends(d.message(did('calm'), { type: 'ping' }), did('calm'))[0].type, 'pong');
  }
});

test('a message above 16,299 bytes closes the link', () => {
  const d = new Driver();
  d.becomeRouter();
  d.join('big');
  const fx = d.step({ type: 'link-message', local: slotId(1), remote: did('big'), data: { type: 'ping' }, size: 16_300 });
  assert.equal(sends(fx, did('big'))[0].type, 'refused');
  assert.deepEqual(closes(fx), [did('big')]);
});

test('snapshot budget: re-check-ins with changed fields beyond 4 in quick succession are not applied', () => {
  const d = new Driver();
  d.becomeRouter();
  d.join('bob'); // 1
  for (let i = 1; i <= 3; i++) assert.equal(sends(d.checkin('bob', 1, { friendlyname: `bob${i}` }))[0].type, 'welcome');
  const over = d.checkin('bob', 1, { friendlyname: 'bob4' });
  assert.deepEqual(sends(over), [], 'over budget: no answer');
  assert.deepEqual(d.listed, ['bob3']);
  d.now += 10_000;
  assert.equal(sends(d.checkin('bob', 1, { friendlyname: 'bob5' }))[0].type, 'welcome');
  assert.deepEqual(d.listed, ['bob5']);
  // resync draws on the same budget
  for (let i = 0; i < 3; i++) d.message(did('bob'), { type: 'resync' });
  assert.deepEqual(sends(d.message(did('bob'), { type: 'resync' })), []);
});

test('registry full: a new member is refused (full), a known one may check in again', () => {
  const d = new Driver({ timings: { maxMembers: 3 } });
  d.becomeRouter();
  d.join('a');
  d.join('b');
  const fx = d.join('c');
  assert.deepEqual(sends(fx), [{ type: 'refused', reason: 'full' }]);
  d.now += 10_000;
  assert.equal(sends(d.checkin('a'))[0].type, 'welcome');
});

test('the design documents\' minimal client (§12.1) is listed without a Transport ID and kept while it pings', () => {
  const d = new Driver();
  d.becomeRouter();
  const fx = d.message(did('plain'), { type: 'checkin', discoveryID: did('plain'), friendlyname: 'plain' });
  assert.deepEqual(fx, [], 'no link yet: nothing');
  d.open(did('plain'));
  d.message(did('plain'), { type: 'checkin', discoveryID: did('plain'), friendlyname: 'plain' });
  const entry = d.unit.listed()[0];
  assert.equal(entry.friendlyName, 'plain');
  assert.equal(entry.transportID, undefined);
  assert.equal(entry.discoveryUUID, did('plain').slice('mesh-n41c0c7ed3b598e44-'.length));
  for (let t = 0; t < 5 * 90_000; t += 60_000) {
    d.advance(60_000);
    assert.equal(sends(d.message(did('plain'), { type: 'ping' }))[0].type, 'pong');
  }
  assert.deepEqual(d.listed, ['plain']);
});

test('heartbeat: a silent member is pinged, then evicted after ttl and pushed as removed', () => {
  const d = new Driver();
  d.becomeRouter();
  d.join('quiet');
  d.join('chatty');
  d.advance(100);
  const pinged = [];
  let removedIn = null;
  let pushed = [];
  for (let t = 0; t < 200_000 && removedIn === null; t += 1_000) {
    d.message(did('chatty'), { type: 'pong' });
    const fx = d.advance(1_000);
    pinged.push(...fx.filter((e) => e.type === 'send' && e.message.type === 'ping').map((e) => e.remote));
    if (closes(fx).includes(did('quiet'))) removedIn = t;
    pushed = sends(fx, did('chatty')).filter((m) => m.type === 'delta');
  }
  assert.ok(pinged.includes(did('quiet')), 'the silent member was pinged');
  assert.ok(!pinged.includes(did('chatty')), 'a member heard from is not pinged');
  assert.ok(removedIn >= 90_000 && removedIn <= 150_000, `evicted at ${removedIn}`);
  assert.deepEqual(pushed.map((m) => m.removed), [[did('quiet')]]);
  assert.deepEqual(d.listed, ['chatty']);
});

test('a member whose link closes is removed at once', () => {
  const d = new Driver();
  d.becomeRouter();
  d.join('a');
  d.join('b');
  d.step({ type: 'link-closed', local: slotId(1), remote: did('a') });
  assert.deepEqual(d.listed, ['b']);
});

test('successor: the longest tenure, announced in welcome and pushed when it changes', () => {
  const d = new Driver();
  d.becomeRouter();
  d.join('zed');
  d.now += 10;
  d.join('abe');
  const w = sends(d.checkin('abe')).find((m) => m.type === 'welcome');
  assert.equal(w.successor, did('zed'), 'earliest first check-in wins over the smaller ID');
  d.advance(100);
  d.step({ type: 'link-closed', local: slotId(1), remote: did('zed') });
  const deltas = sends(d.advance(100), did('abe'));
  assert.equal(deltas.at(-1).successor, did('abe'));
});

test('a forged merge from a member or from a lower slot adds nobody; a higher slot\'s merge is provisional', () => {
  const d = new Driver();
  d.becomeRouter(2);
  d.join('mallory', 2);
  const fake = { discoveryID: did('ghost'), friendlyName: 'ghost', lastSeen: 1, discoveryUUID: did('ghost').split('-').slice(2).join('-') };
  assert.deepEqual(sends(d.message(did('mallory'), { type: 'merge', slot: 3, entries: [fake] }, 2)), []);
  assert.deepEqual(d.listed, ['mallory']);
  // A lower slot is refused at once.
  assert.deepEqual(sends(d.open(slotId(1), 2)), [{ type: 'refused', reason: 'wrong-namespace' }]);
  // From slot 3, but claiming to be slot 4: refused as a check-in naming another ID would be (wrong-link).
  d.open(slotId(3), 2);
  const lie = d.message(slotId(3), { type: 'merge', slot: 4, entries: [fake] }, 2);
  assert.deepEqual(sends(lie), [{ type: 'refused', reason: 'wrong-link' }]);
  assert.deepEqual(closes(lie), [slotId(3)]);
  assert.deepEqual(d.listed, ['mallory']);
  // The real thing: answered with a snapshot, entries provisional for recheckGrace.
  d.open(slotId(3), 2);
  const fx = d.message(slotId(3), { type: 'merge', slot: 3, entries: [fake] }, 2);
  assert.equal(sends(fx)[0].type, 'welcome');
  assert.deepEqual(d.listed, ['ghost', 'mallory']);
  // A later part of a split merge only adds (§8.5): no second snapshot.
  const more = { ...fake, discoveryID: did('ghost2'), friendlyName: 'ghost2', discoveryUUID: did('ghost2').split('-').slice(2).join('-') };
  assert.deepEqual(sends(d.message(slotId(3), { type: 'merge', slot: 3, entries: [more] }, 2)), []);
  assert.deepEqual(d.listed, ['ghost', 'ghost2', 'mallory']);
  d.advance(15_000);
  assert.deepEqual(d.listed, ['mallory'], 'nobody checked in as ghost');
});

test('clean exit: leaving(successor) to every member, then the slot and Discovery ID are released', () => {
  const d = new Driver();
  d.becomeRouter();
  d.join('a');
  d.now += 5;
  d.join('b');
  const fx = d.step({ type: 'stop' });
  assert.deepEqual(sends(fx).map((m) => m.type), ['leaving', 'leaving']);
  assert.ok(sends(fx).every((m) => m.successor === did('a')));
  const firstRelease = fx.findIndex((e) => e.type === 'release');
  assert.ok(firstRelease > fx.findLastIndex((e) => e.type === 'send'), 'sends come before releases');
  assert.deepEqual(fx.filter((e) => e.type === 'release').map((e) => e.id).sort(), [d.id, slotId(1)].sort());
  assert.equal(fx.at(-1).type, 'stopped');
  assert.deepEqual(d.step({ type: 'timer', key: 'router-heartbeat' }), [], 'a stopped unit does nothing');
});

test('unknown events are errors (our bug); unknown messages are ignored (the peer\'s business)', () => {
  const d = new Driver();
  d.becomeRouter();
  assert.throws(() => d.step({ type: 'bogus' }), /unknown event/);
  d.join('a');
  assert.deepEqual(d.message(did('a'), { type: 'future-thing', x: 1 }), []);
});

test('incoming links on a Discovery ID are closed at once (§8.8)', () => {
  const d = new Driver();
  d.becomeRouter();
  const fx = d.step({ type: 'link-open', local: d.id, remote: did('x'), incoming: true });
  assert.deepEqual(closes(fx), [did('x')]);
});

test('a link\'s messages before its expected first one are ignored: no pong before a check-in, nothing but merges on a merge link (§8.2)', () => {
  const d = new Driver();
  d.becomeRouter();
  d.open(did('early'));
  assert.deepEqual(sends(d.message(did('early'), { type: 'ping' })), []);
  assert.deepEqual(sends(d.message(did('early'), { type: 'resync' })), []);
  d.open(slotId(2));
  assert.deepEqual(sends(d.message(slotId(2), { type: 'ping' })), []);
  assert.deepEqual(sends(d.message(slotId(2), { type: 'checkin', discoveryID: did('x'), friendlyname: 'x' })), []);
  assert.deepEqual(d.listed, []);
});

test('a member silent for exactly ttl at a heartbeat is evicted, its link closed without a refusal (§8.5)', () => {
  const d = new Driver();
  const start = d.now;
  d.becomeRouter(); // heartbeats at start + 60 s, + 120 s
  d.advance(2 * 60_000 - 90_000);
  d.join('quiet');
  d.advance(start + 120_000 - 1 - d.now);
  assert.deepEqual(d.listed, ['quiet']);
  const fx = d.advance(1);
  assert.deepEqual(closes(fx), [did('quiet')]);
  assert.deepEqual(sends(fx, did('quiet')).filter((m) => m.type === 'refused'), []);
  assert.deepEqual(d.listed, []);
});

test('the longest tenure survives a move to a lower slot (§8.6)', () => {
  const d = new Driver();
  d.becomeRouter(2);
  d.join('zed', 2);
  d.now += 10;
  d.join('abe', 2);
  d.advance(5_000); // the probe claims slot 1
  d.step({ type: 'claim-won', id: slotId(1) });
  assert.equal(d.unit.router.slot, 1);
  d.join('abe', 1); // abe re-checks in first at the new slot
  d.now += 10;
  const w = sends(d.join('zed', 1), did('zed')).find((m) => m.type === 'welcome');
  assert.equal(w.successor, did('zed'));
});

test('probe rounds start a period apart whatever they take; an unanswered probe claim ends the round without a mark (§9)', () => {
  const d = new Driver();
  d.becomeRouter(3); // since t0: rounds at t0 + 5 s, + 10 s, …
  const t0 = d.now;
  d.unit.election.clearMark(2);
  d.advance(5_000);
  // Slot 1's claim is never answered: the round ends at the timeout, slot 2 is not tried, nothing is marked.
  let fx = d.advance(3_000);
  assert.deepEqual(fx.filter((e) => e.type === 'release').map((e) => e.id), [slotId(1)]);
  assert.deepEqual(fx.filter((e) => e.type === 'claim'), []);
  assert.equal(d.unit.election.marks.get(2), undefined);
  assert.equal(d.unit.election.marks.get(1).kind, 'vanished', 'the set-up mark, untouched');
  assert.equal(d.timers.get('probe'), t0 + 10_000);
  fx = d.advance(t0 + 10_000 - d.now);
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(1)]);
  // Taken now: connect and merge; no answer within the (backed-off) connect timeout; slot 2 next.
  d.step({ type: 'claim-taken', id: slotId(1) });
  fx = d.advance(6_000);
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(2)]);
  d.step({ type: 'claim-taken', id: slotId(2) });
  fx = d.advance(6_000);
  // That round took 12 s: the next one starts as it ends (its claim of slot 1 in the same instant), not 5 s later.
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(1)]);
});

test('a merge that is taken lets the connect timeout decay (§6.1)', () => {
  const d = new Driver();
  d.becomeRouter(2);
  d.unit.election.rto = 12_000;
  d.advance(5_000);
  d.step({ type: 'claim-taken', id: slotId(1) });
  d.step({ type: 'link-open', local: slotId(2), remote: slotId(1), incoming: false });
  d.now += 40;
  d.message(slotId(1), { type: 'welcome', protocol: 2, slot: 1, routerDiscoveryID: did('boss'), version: 1, successor: '',
    part: 1, parts: 1, entries: [] }, 2, slotId(2));
  assert.equal(d.unit.election.rto, 10_500);
});

test('a slot kept after a move answers a late check-in with `moved` and leaves the link open (§8.8)', () => {
  const d = new Driver();
  d.becomeRouter(2);
  d.advance(5_000);
  d.step({ type: 'claim-won', id: slotId(1) });
  d.open(did('late'), 2);
  const fx = d.checkin('late', 2);
  assert.deepEqual(sends(fx), [{ type: 'moved', routerID: slotId(1) }]);
  assert.deepEqual(closes(fx), []);
  assert.deepEqual(d.advance(2_000).filter((e) => e.type === 'release').map((e) => e.id), [slotId(2)]);
});

test('a connection that replaced a member\'s link must check in again: nothing pushed to it meanwhile; gone if it does not (§3.2, §8.2)', () => {
  const d = new Driver();
  d.becomeRouter();
  d.join('again');
  d.join('other');
  d.advance(100);
  d.open(did('again')); // the adapter replaced the link, hiding the old one's close
  d.join('third');
  let fx = d.advance(100);
  assert.deepEqual(sends(fx, did('again')), [], 'no delta before its check-in');
  assert.deepEqual(d.listed, ['again', 'other', 'third'], 'still listed meanwhile');
  assert.equal(sends(d.checkin('again'), did('again'))[0].type, 'welcome');
  d.join('fourth');
  assert.equal(sends(d.advance(100), did('again')).length, 1);
  // Once more, and this time no check-in follows: refused at the admission deadline, and removed.
  d.open(did('again'));
  fx = d.advance(5_000);
  assert.deepEqual(sends(fx, did('again')), [{ type: 'refused', reason: 'too-slow' }]);
  assert.deepEqual(d.listed, ['fourth', 'other', 'third']);
});

test('a router that loses its Discovery ID goes on routing and claims it again (§3.1)', () => {
  const d = new Driver();
  d.becomeRouter();
  d.join('a');
  const fx = d.step({ type: 'id-lost', id: d.id });
  assert.deepEqual(fx.filter((e) => e.type !== 'log'), [{ type: 'claim', id: d.id }]);
  d.step({ type: 'claim-won', id: d.id });
  assert.equal(d.unit.mode, 'router');
  d.join('b');
  assert.deepEqual(d.listed, ['a', 'b']);
});

test('a router that loses its slot closes its links and searches after a jitter; without its Discovery ID once that is back (§3.1)', () => {
  const d = new Driver({ seed: 5 });
  d.becomeRouter();
  d.join('a');
  let fx = d.step({ type: 'id-lost', id: slotId(1) });
  assert.deepEqual(closes(fx), [did('a')]);
  const at = d.timers.get('election');
  assert.ok(at >= d.now && at < d.now + 3_000);
  fx = d.advance(3_000);
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(1)]);
  d.step({ type: 'claim-won', id: slotId(1) });
  assert.deepEqual(d.listed, ['a'], 'kept as a provisional entry');
  // Both IDs lost: no search before the Discovery ID is ours again.
  d.step({ type: 'id-lost', id: d.id });
  d.step({ type: 'id-lost', id: slotId(1) });
  assert.deepEqual(d.advance(10_000).filter((e) => e.type === 'claim'), []);
  fx = d.step({ type: 'claim-won', id: d.id });
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(1)]);
});

test('only a welcome of the probed slot answers a merge; any other marks the slot and the round goes on (§9)', () => {
  const d = new Driver();
  d.becomeRouter(3);
  d.advance(5_000);
  d.step({ type: 'claim-taken', id: slotId(1) });
  d.step({ type: 'link-open', local: slotId(3), remote: slotId(1), incoming: false });
  const fx = d.message(slotId(1), { type: 'welcome', protocol: 2, slot: 2, routerDiscoveryID: did('boss'), version: 1,
    successor: '', part: 1, parts: 1, entries: [] }, 3, slotId(3));
  assert.deepEqual(closes(fx), [slotId(1)]);
  assert.deepEqual(fx.filter((e) => e.type === 'claim').map((e) => e.id), [slotId(2)]);
  assert.equal(d.unit.mode, 'router');
  assert.equal(d.unit.router.slot, 3);
});
