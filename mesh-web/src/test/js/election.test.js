// Election, membership, failover and split brain with several units in the deterministic world.
import test from 'node:test';
import assert from 'node:assert/strict';
import { World, discoveryIdOf, PREFIX, NS } from './world.js';

const slot = (k) => `${PREFIX}-${NS}-${k}`;

function startMany(w, n, spread = 0) {
  const names = Array.from({ length: n }, (_, i) => `p${i}`);
  names.forEach((name, i) => w.add(name, { delay: spread ? i * spread : 0 }));
  return names;
}

test('one peer alone becomes router of slot 1 and lists nobody', () => {
  const w = new World();
  w.add('solo');
  w.runFor(1000);
  assert.equal(w.node('solo').role, 'router');
  assert.equal(w.node('solo').routerId, slot(1));
  assert.deepEqual(w.node('solo').list, []);
});

test('peers starting together elect one router on slot 1 and list each other (many seeds)', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const w = new World({ seed });
    const names = startMany(w, 2 + (seed % 9));
    const took = w.runUntilTrue(() => w.converged(names), 10_000);
    assert.ok(took >= 0, `seed ${seed}:\n${w.describe()}`);
    assert.equal(w.live().find((n) => n.role === 'router').routerId, slot(1));
    assert.deepEqual(w.oversized, []);
  }
});

test('a late joiner is listed by everyone within one push', () => {
  const w = new World({ seed: 4 });
  const names = startMany(w, 4);
  assert.ok(w.runUntilTrue(() => w.converged(names), 10_000) >= 0);
  w.add('late');
  const took = w.runUntilTrue(() => w.converged([...names, 'late']), 5_000);
  assert.ok(took >= 0 && took < 1_000, `took ${took}\n${w.describe()}`);
  const entry = w.node('p0').list.find((e) => e.discoveryID === discoveryIdOf('late'));
  assert.equal(entry.friendlyName, 'late');
  assert.equal(entry.transportID, 'mesh-t-late');
});

test('a member that leaves (closes its link) disappears from every list at once', () => {
  const w = new World({ seed: 5 });
  const names = startMany(w, 5);
  assert.ok(w.runUntilTrue(() => w.converged(names), 10_000) >= 0);
  const member = names.find((n) => w.node(n).role === 'member');
  w.stop(member);
  const rest = names.filter((n) => n !== member);
  const took = w.runUntilTrue(() => w.converged(rest), 5_000);
  assert.ok(took >= 0 && took < 1_000, `took ${took}`);
});

test('clean router exit: the designated successor takes over, everyone converges within 3 s (many seeds)', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const w = new World({ seed });
    const names = startMany(w, 3 + (seed % 6));
    assert.ok(w.runUntilTrue(() => w.converged(names), 10_000) >= 0, `seed ${seed}`);
    w.runFor(1_000);
    const router = names.find((n) => w.node(n).role === 'router');
    const successor = w.node(names.find((n) => n !== router)).unit.view.successor;
    w.stop(router);
    const rest = names.filter((n) => n !== router);
    const took = w.runUntilTrue(() => w.converged(rest), 10_000);
    assert.ok(took >= 0 && took <= 3_000, `seed ${seed}: took ${took}\n${w.describe()}`);
    const newRouter = w.live(rest).find((n) => n.role === 'router');
    assert.equal(newRouter.discoveryId, successor, `seed ${seed}: the designated successor claims first`);
  }
});

test('silent router loss: survivors converge on the next slot within 15 s (many seeds)', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const w = new World({ seed });
    const names = startMany(w, 3 + (seed % 6));
    assert.ok(w.runUntilTrue(() => w.converged(names), 10_000) >= 0, `seed ${seed}`);
    w.runFor(1_000);
    const router = names.find((n) => w.node(n).role === 'router');
    w.vanish(router);
    const rest = names.filter((n) => n !== router);
    const took = w.runUntilTrue(() => w.converged(rest), 30_000);
    assert.ok(took >= 0 && took <= 15_000, `seed ${seed}: took ${took}\n${w.describe()}`);
    assert.equal(w.live(rest).find((n) => n.role === 'router').routerId, slot(2));
  }
});

test('after a silent loss the mesh moves back to slot 1 once the dead hold expires (probe)', () => {
  const w = new World({ seed: 7, aliveTimeout: 20_000 });
  const names = startMany(w, 4);
  assert.ok(w.runUntilTrue(() => w.converged(names), 10_000) >= 0);
  const router = names.find((n) => w.node(n).role === 'router');
  w.vanish(router);
  const rest = names.filter((n) => n !== router);
  assert.ok(w.runUntilTrue(() => w.converged(rest), 30_000) >= 0);
  const took = w.runUntilTrue(() => w.converged(rest) && w.live(rest)[0].routerId === slot(1), 40_000);
  assert.ok(took >= 0, w.describe());
});

test('a restarted router that claims slot 1 while the mesh sits on slot 2: one router again within 10 s', () => {
  for (let seed = 1; seed <= 10; seed++) {
    const w = new World({ seed });
    const names = startMany(w, 4);
    assert.ok(w.runUntilTrue(() => w.converged(names), 10_000) >= 0);
    const router = names.find((n) => w.node(n).role === 'router');
    const rest = names.filter((n) => n !== router);
    // SIGKILL: IDs free at once, peers see ICE fail after ~5 s and elect on slot 2 (the marks skip slot 1).
    w.node(router).alive = false;
    for (const [id, h] of w.holders) if (h.node === w.node(router)) w.holders.delete(id);
    for (const end of [...w.node(router).ends.values()]) w.dropLink(end, 5_000);
    assert.ok(w.runUntilTrue(() => w.converged(rest), 30_000) >= 0, `seed ${seed}\n${w.describe()}`);
    w.nodes.delete(router);
    w.add('restarted', { uuid: w.node(rest[0]).unit.self.discoveryUUID.replace(/^..../, 'ffff') });
    // The restarted one takes slot 1 at once (it is free); the slot-2 router's probe merges into it.
    const all = [...rest, 'restarted'];
    const twoRouters = () => w.live(all).filter((n) => n.role === 'router').length > 1;
    let since = null;
    let longest = 0;
    const end = w.now + 60_000;
    while (w.now < end) {
      w.runFor(100);
      if (twoRouters()) since ??= w.now;
      else if (since !== null) {
        longest = Math.max(longest, w.now - since);
        since = null;
      }
      if (longest > 0 && w.converged(all)) break;
    }
    assert.ok(w.converged(all), `seed ${seed}\n${w.describe()}`);
    assert.ok(longest > 0 && longest <= 10_000, `seed ${seed}: two routers for ${longest} ms`);
    assert.equal(w.live(all)[0].routerId, slot(1));
  }
});

test('two halves that elected their own routers merge into one after a heal (merge over slots)', () => {
  const w = new World({ seed: 11 });
  // Half A finds slot 1; half B cannot see slot 1 (marked unanswered) and ends on slot 2.
  const a = ['a0', 'a1', 'a2'];
  a.forEach((n) => w.add(n));
  assert.ok(w.runUntilTrue(() => w.converged(a), 10_000) >= 0);
  const b = ['b0', 'b1'];
  for (const n of b) {
    const node = w.add(n, { start: false });
    node.unit.election.mark(1, 'vanished', w.now); // as if it had seen slot 1 die
    w.step(node, { type: 'start' });
  }
  const all = [...a, ...b];
  const took = w.runUntilTrue(() => w.converged(all), 30_000);
  assert.ok(took >= 0 && took <= 15_000, `took ${took}\n${w.describe()}`);
  assert.equal(w.live(all)[0].routerId, slot(1));
});

test('large mesh: 300 peers converge and every message stays under 16,000 bytes', () => {
  const w = new World({ seed: 21 });
  const names = startMany(w, 300, 3);
  const took = w.runUntilTrue(() => w.converged(names), 60_000);
  assert.ok(took >= 0, w.describe().slice(0, 2000));
  assert.deepEqual(w.oversized, []);
  assert.ok(w.sent.some((s) => s.type === 'welcome' && s.size > 10_000), 'snapshots were split into parts');
});

test('random faults (joins, clean exits, crashes, silent losses), then quiet: one router, lists = live set (many seeds)', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const w = new World({ seed });
    const r = w.random;
    let next = 0;
    const names = startMany(w, 3 + (seed % 5));
    next = names.length;
    for (let t = 0; t < 60_000; t += 500 + Math.floor(r() * 4_000)) {
      w.runUntil(w.now + 500 + Math.floor(r() * 4_000));
      const live = w.live().map((n) => n.name);
      const pick = live[Math.floor(r() * live.length)];
      const op = r();
      if (op < 0.35 || live.length < 2) w.add(`q${next++}`);
      else if (op < 0.6) w.stop(pick);
      else if (op < 0.8) w.crash(pick);
      else w.vanish(pick);
    }
    const took = w.runUntilTrue(() => w.converged(), 200_000);
    assert.ok(took >= 0, `seed ${seed}:\n${w.describe()}`);
    assert.deepEqual(w.oversized, []);
  }
});
