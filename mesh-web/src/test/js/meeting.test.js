// The meeting namespace (docs/PROTOCOL.md §13.2.4) in the deterministic world: the election and probe of the
// network unit, every open link handed off, squatters' slots shunned.
import test from 'node:test';
import assert from 'node:assert/strict';
import { World, PREFIX } from './world.js';
import { MeetingUnit, MAX_INBOUND_MEETINGS } from '../../main/resources/io/meshkit/web/app/js/mesh/core/meeting.js';

const NS = 'rendezvous-4b6b173833aa6b9cdb0bc883d08fda57';
const slot = (k) => `${PREFIX}-${NS}-${k}`;
let uuids = 0;
const meeting = (w, name, delay = 0) => w.add(name, { delay, make: (random) => new MeetingUnit({ prefix: PREFIX, ns: NS,
  uuid: `5f0d2a4e-8c1b-4d3a-9e7f-${String(++uuids).padStart(12, '0')}`, random }) });

/** The application's verdict on every new hand-off `node` gets: `verdict(handoff)` 'met', 'refused', 'unproven' or null. */
function judge(w, node, verdict) {
  const seen = new Set();
  const tick = () => {
    for (const h of node.handoffs) {
      if (seen.has(h)) continue;
      seen.add(h);
      const v = verdict(h);
      if (v) w.step(node, { type: 'meeting-ended', local: h.local, remote: h.remote, verdict: v });
    }
  };
  return tick;
}

test('the first waits on slot 1 with one ID; the second connects there and both get the link', () => {
  for (let seed = 1; seed <= 10; seed++) {
    const w = new World({ seed });
    const a = meeting(w, 'a');
    w.runFor(5_000);
    assert.equal(a.unit.slot, 1);
    assert.deepEqual([...w.holders.keys()].filter((id) => w.holders.get(id).node === a), [slot(1)], 'the Discovery ID is released');
    const b = meeting(w, 'b');
    const took = w.runUntilTrue(() => a.handoffs.length > 0 && b.handoffs.length > 0, 10_000);
    assert.ok(took >= 1_000 && took <= 4_000, `seed ${seed}: took ${took}`); // the 1–3 s start delay, then one connect
    assert.deepEqual(b.handoffs.map((h) => [h.local, h.remote, h.incoming]), [[b.unit.discoveryId, slot(1), false]]);
    assert.deepEqual(a.handoffs.map((h) => [h.local, h.remote, h.incoming]), [[slot(1), b.unit.discoveryId, true]]);
  }
});

test('a squatter on slot 1 is shunned: the two meet on slot 2 and never try slot 1 again', () => {
  const w = new World({ seed: 3 });
  const s = meeting(w, 'squatter');
  w.runFor(5_000);
  const a = meeting(w, 'a');
  const b = meeting(w, 'b', 10_000);
  const squat = (h) => (h.remote === slot(1) ? 'refused' : null);
  const ta = judge(w, a, squat);
  const tb = judge(w, b, squat);
  const met = () => {
    ta();
    tb();
    return b.handoffs.some((h) => h.remote === slot(2)) && a.handoffs.some((h) => h.local === slot(2) && h.incoming);
  };
  assert.ok(w.runUntilTrue(met, 30_000) >= 0, `a: ${JSON.stringify(a.handoffs)} b: ${JSON.stringify(b.handoffs)}`);
  assert.equal(a.unit.slot, 2);
  assert.ok(s.handoffs.length >= 2);
  w.runFor(60_000); // probes of lower slots skip the shunned one
  assert.equal(a.handoffs.filter((h) => h.remote === slot(1)).length, 1);
  assert.equal(a.unit.slot, 2);
});

test('a holder above slot 1 probes down and moves to a freed slot, where the next one finds it', () => {
  const w = new World({ seed: 5 });
  const dead = meeting(w, 'dead');
  w.runFor(5_000);
  w.vanish('dead'); // its slot stays held on the server for aliveTimeout, and offers to it are never answered
  const a = meeting(w, 'a');
  assert.ok(w.runUntilTrue(() => a.unit.slot === 2, 30_000) >= 0);
  assert.ok(w.runUntilTrue(() => a.unit.slot === 1, 120_000) >= 0, 'moved down once slot 1 was free');
  void dead;
  const b = meeting(w, 'b');
  assert.ok(w.runUntilTrue(() => b.handoffs.some((h) => h.remote === slot(1)), 10_000) >= 0);
  w.runFor(15_000);
  assert.ok(![...w.holders.entries()].some(([id, h]) => h.node === a && id === slot(2)), 'the old slot was released');
});

test('no more than four links prove themselves on a slot at once; a stopped unit releases everything', () => {
  const w = new World({ seed: 7 });
  const a = meeting(w, 'a');
  w.runFor(5_000);
  const others = Array.from({ length: 6 }, (_, i) => meeting(w, `o${i}`));
  w.runFor(3_500);
  assert.equal(a.handoffs.length, MAX_INBOUND_MEETINGS);
  void others;
  w.step(a, { type: 'stop' });
  assert.ok(![...w.holders.values()].some((h) => h.node === a));
  assert.ok(a.stopped);
});

test('a link without a verdict only marks its slot: a later search tries it again, and finds the contact there', () => {
  const w = new World({ seed: 11 });
  const slow = meeting(w, 'slow'); // holds slot 1; its first link is not proved in time
  w.runFor(5_000);
  const a = meeting(w, 'a');
  const ta = judge(w, a, (h) => (h.remote === slot(1) ? 'unproven' : null));
  assert.ok(w.runUntilTrue(() => { ta(); return a.unit.slot === 2; }, 30_000) >= 0, 'searched on above the unproven slot');
  assert.ok(!a.unit.election.isShunned(1));
  assert.equal(slow.unit.slot, 1);
  // a's probe connects down to slot 1 again: the application gets a second chance to meet there
  assert.ok(w.runUntilTrue(() => a.handoffs.filter((h) => h.remote === slot(1)).length >= 2, 30_000) >= 0);
});

test('after a meeting, a unit still held searches again from slot 1 (the met slot is never shunned)', () => {
  const w = new World({ seed: 13 });
  const b = meeting(w, 'b');
  w.runFor(5_000);
  const a = meeting(w, 'a');
  const ta = judge(w, a, () => 'met');
  assert.ok(w.runUntilTrue(() => { ta(); return a.handoffs.length === 1; }, 10_000) >= 0);
  ta();
  assert.ok(!a.unit.election.isShunned(1));
  // the application kept the namespace (it looks for b again): one meeting timeout and the start delay later, again
  const again = w.runUntilTrue(() => a.handoffs.length === 2, 20_000);
  assert.ok(again >= 10_000 && again <= 14_000, `searched again after ${again} ms`);
  assert.equal(a.handoffs[1].remote, slot(1));
  void b;
});
