// The rendezvous core (docs/PROTOCOL.md §13.2): agreement, the states of a special contact, holdings under the
// budget, and a whole meeting between two cores whose signatures are real (Node's WebCrypto), on a fake clock.
import test from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { RendezvousNode } from '../../main/resources/io/meshkit/web/app/js/rendezvous/core/node.js';
import { Holdings } from '../../main/resources/io/meshkit/web/app/js/rendezvous/core/holdings.js';
import { Effects } from '../../main/resources/io/meshkit/web/app/js/mesh/core/effects.js';
import { level, eligible, windowSlots, nextWindowChange } from '../../main/resources/io/meshkit/web/app/js/rendezvous/core/schedule.js';
import { toHex } from '../../main/resources/io/meshkit/web/app/js/contacts/core/bytes.js';
import { verify } from '../../main/resources/io/meshkit/web/app/js/contacts/identity.js';

const T0 = 1718030100000; // 14:35 UTC: the middle of a slot
const subtle = webcrypto.subtle;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' };

async function identity() {
  const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const fp = toHex(new Uint8Array(await subtle.digest('SHA-256', raw)));
  return { pair, key: toHex(raw), fingerprint: fp, sign: async (b) => toHex(new Uint8Array(await subtle.sign(SIGN, pair.privateKey, b))) };
}
const of = (fx, type) => fx.filter((f) => f.type === type);
const told = (fx, event) => fx.filter((f) => f.type === 'notify' && f.event.event === event).map((f) => f.event);
const toContacts = (fx, type) => fx.filter((f) => f.type === 'contacts' && f.event.type === type).map((f) => f.event);
const view = (id, connected) => ({ fingerprint: id.fingerprint, key: id.key, name: 'x', connected });
const special = (id, o = {}) => ({ fingerprint: id.fingerprint, key: id.key, check: 'ab'.repeat(16), phase: 0, since: T0,
  lastSeen: T0, paused: false, pauseAskedAt: 0, ...o });

test('agreement: offer, the other user agrees; crossing offers agree without a reply; a check mismatch ends it', async () => {
  const [a, b] = [await identity(), await identity()];
  const na = new RendezvousNode({ myKey: a.key, prefix: 'mesh' });
  na.step({ type: 'start', transportId: 'mesh-a' }, T0);
  na.step({ type: 'contacts', event: { event: 'contacts', here: [], saved: [view(b, true)] } }, T0);
  let fx = na.step({ type: 'make', contact: b.fingerprint, contribution: 'a0'.repeat(32) }, T0);
  assert.deepEqual(toContacts(fx, 'special-send')[0].message, { type: 'special-offer', contribution: 'a0'.repeat(32) });
  assert.equal(told(fx, 'special-asked').length, 1);
  // B's accept: A asks the adapter for the secret (no reply to send)
  fx = na.step({ type: 'contacts', event: { event: 'special', contact: b.fingerprint, message: { type: 'special-accept', contribution: 'c0'.repeat(32) } } }, T0 + 1);
  assert.deepEqual(of(fx, 'agree').map((f) => [f.mine, f.theirs, f.reply]), [['a0'.repeat(32), 'c0'.repeat(32), null]]);
  fx = na.step({ type: 'agreed', contact: b.fingerprint, key: b.key, check: 'ab'.repeat(16), phase: 7, reply: null }, T0 + 2);
  assert.deepEqual(told(fx, 'special-changed').map((e) => [e.special, e.reason]), [[true, 'agreed']]);
  assert.equal(na.view()[b.fingerprint].state, 'direct');
  // the check on a later link: the same one is quiet; a different one ends it on both sides
  fx = na.step({ type: 'contacts', event: { event: 'special', contact: b.fingerprint, message: { type: 'special-check', check: 'ab'.repeat(16) } } }, T0 + 3);
  assert.deepEqual(fx.filter((f) => f.type !== 'timer' && f.type !== 'cancel-timer'), []);
  fx = na.step({ type: 'contacts', event: { event: 'special', contact: b.fingerprint, message: { type: 'special-check', check: 'cd'.repeat(16) } } }, T0 + 3);
  assert.deepEqual(toContacts(fx, 'special-send')[0].message, { type: 'special-end' });
  assert.deepEqual(of(fx, 'delete-special').map((f) => f.contact), [b.fingerprint]);

  // crossing offers
  const nb = new RendezvousNode({ myKey: b.key, prefix: 'mesh' });
  nb.step({ type: 'start', transportId: 'mesh-b' }, T0);
  nb.step({ type: 'contacts', event: { event: 'contacts', here: [], saved: [view(a, true)] } }, T0);
  nb.step({ type: 'make', contact: a.fingerprint, contribution: 'c1'.repeat(32) }, T0);
  fx = nb.step({ type: 'contacts', event: { event: 'special', contact: a.fingerprint, message: { type: 'special-offer', contribution: 'a1'.repeat(32) } } }, T0);
  assert.deepEqual(of(fx, 'agree').map((f) => [f.mine, f.theirs, f.reply]), [['c1'.repeat(32), 'a1'.repeat(32), null]]);
  // an offer, no answer within offerTimeout: dropped
  const nc = new RendezvousNode({ myKey: b.key, prefix: 'mesh' });
  nc.step({ type: 'start', transportId: 'mesh-b' }, T0);
  nc.step({ type: 'contacts', event: { event: 'contacts', here: [], saved: [view(a, false)] } }, T0);
  fx = nc.step({ type: 'make', contact: a.fingerprint, contribution: 'c2'.repeat(32) }, T0);
  assert.deepEqual(toContacts(fx, 'ping').map((e) => e.contact), [a.fingerprint], 'not connected: kept, and the contact reached');
  fx = nc.step({ type: 'timer', key: `offer:${a.fingerprint}` }, T0 + 600_000);
  assert.deepEqual(told(fx, 'special-changed').map((e) => e.reason), ['no-answer']);
});

test('states: direct → seeking when the direct try fails; note after our Transport ID changed; paused; the 30-day prompt', async () => {
  const [a, b, c] = [await identity(), await identity(), await identity()];
  const n = new RendezvousNode({ myKey: a.key, prefix: 'mesh', specials: [special(b), special(c, { lastSeen: T0 - 31 * 86_400_000, phase: 9 })] });
  let fx = n.step({ type: 'contacts', event: { event: 'contacts', here: [], saved: [view(b, false), view(c, false)] } }, T0);
  fx = n.step({ type: 'start', transportId: 'mesh-a1' }, T0);
  assert.deepEqual(toContacts(fx, 'ping').map((e) => e.contact), [b.fingerprint, c.fingerprint]);
  fx = n.step({ type: 'contacts', event: { event: 'unreachable', contact: b.fingerprint } }, T0 + 100);
  assert.deepEqual(told(fx, 'rendezvous-state').map((e) => [e.contact, e.state]), [[b.fingerprint, 'seeking']]);
  assert.deepEqual(of(fx, 'derive').map((f) => f.slot), [2863383]);
  fx = n.step({ type: 'timer', key: `direct:${c.fingerprint}` }, T0 + 40_000); // no answer at all: counts as failed
  assert.equal(n.view()[c.fingerprint].state, 'seeking');
  assert.deepEqual(told(fx, 'pause-suggested').map((e) => e.contact), [c.fingerprint], 'unseen for 31 days: asked once');
  fx = n.step({ type: 'timer', key: 'window' }, T0 + 40_001);
  assert.equal(told(fx, 'pause-suggested').length, 0);
  // the namespaces once derived; a met contact's namespaces go
  n.step({ type: 'derived', contact: b.fingerprint, slot: 2863383, ns: 'rendezvous-' + 'b'.repeat(32), priority: 'f'.repeat(16) }, T0 + 40_002);
  fx = n.step({ type: 'derived', contact: c.fingerprint, slot: 2863383, ns: 'rendezvous-' + 'c'.repeat(32), priority: '8'.repeat(16) }, T0 + 40_003);
  assert.deepEqual(Object.values(n.namespaces()).sort(), ['rendezvous-' + 'b'.repeat(32), 'rendezvous-' + 'c'.repeat(32)]);
  fx = n.step({ type: 'contacts', event: { event: 'contacts', here: [], saved: [view(b, true), view(c, false)] } }, T0 + 50_000);
  assert.equal(n.view()[b.fingerprint].state, 'direct');
  assert.deepEqual(Object.values(n.namespaces()), ['rendezvous-' + 'c'.repeat(32)]);
  assert.deepEqual(toContacts(fx, 'special-send').map((e) => e.message), [{ type: 'special-check', check: 'ab'.repeat(16) }]);
  // our Transport ID changes: B (connected) hears presence, C gets a note
  fx = n.step({ type: 'transport-id', id: 'mesh-a2' }, T0 + 60_000);
  assert.deepEqual(told(fx, 'rendezvous-state').map((e) => [e.contact, e.state]), [[c.fingerprint, 'note']]);
  fx = n.step({ type: 'pause', contact: c.fingerprint, paused: true }, T0 + 61_000);
  assert.equal(n.view()[c.fingerprint].state, 'paused');
  assert.deepEqual(n.namespaces(), {});
  fx = n.step({ type: 'pause', contact: c.fingerprint, paused: false }, T0 + 62_000);
  assert.deepEqual(toContacts(fx, 'ping').map((e) => e.contact), [c.fingerprint]);
});

test('holdings: the bar keeps both sides on the pair\'s namespace when the more loaded side holds it; meetings are kept', () => {
  const fx = new Effects();
  const h = new Holdings(2, fx);
  const want = (c, p) => ({ contact: c.padEnd(16, '0'), slot: 1, ns: `rendezvous-${c}`, priority: p });
  // 4 candidates, room 2: the bar is p × 4 ≥ 2 × 2^64, p ≥ 2^63
  h.hold([want('a', 'f000000000000000'), want('b', '8000000000000000'), want('c', '7fffffffffffffff'), want('d', '0000000000000001')]);
  assert.deepEqual(Object.values(h.namespaces()), ['rendezvous-a', 'rendezvous-b']);
  // a meeting in a keeps it even when a is no longer wanted; 3 candidates, room 1: the bar is p × 3 ≥ 2 × 2^64
  h.meetingStarted(Object.keys(h.namespaces())[0]);
  h.hold([want('b', '8000000000000000'), want('c', '7fffffffffffffff'), want('e', '1000000000000000')]);
  assert.deepEqual(Object.values(h.namespaces()).sort(), ['rendezvous-a']);
  h.hold([want('b', 'c000000000000000'), want('c', '7fffffffffffffff'), want('e', '1000000000000000')]);
  assert.deepEqual(Object.values(h.namespaces()).sort(), ['rendezvous-a', 'rendezvous-b']);
});

test('schedule: window near a boundary, back-off levels, eligibility', () => {
  assert.deepEqual(windowSlots(T0, 120_000), [2863383]);
  assert.deepEqual(windowSlots(1718030400000 - 30_000, 120_000), [2863383, 2863384]);
  assert.equal(nextWindowChange(T0, 120_000), 1718030400000 - 60_000);
  assert.deepEqual([0, 86_399_999, 86_400_000, 2 * 86_400_000, 5 * 86_400_000, 100 * 86_400_000].map(level), [0, 0, 1, 2, 3, 4]);
  assert.ok(eligible(20575, 2863383, 0));
  assert.equal([...Array(16).keys()].filter((i) => eligible(20575, 2863383 + i, 4)).length, 1);
});

/**
 * Two cores on one rendezvous link, every request answered with real WebCrypto; returns both sides' effects seen.
 * `between(sides)` runs after both joined their namespace and before the link opens.
 */
async function meet(a, b, bIdentityOnLink, { prefix = 'mesh', between = () => {} } = {}) {
  const na = new RendezvousNode({ myKey: a.key, prefix, specials: [special(b)] });
  const nb = new RendezvousNode({ myKey: bIdentityOnLink.key, prefix, specials: [special(a)] });
  const sides = [{ n: na, id: a, seen: [], now: T0 }, { n: nb, id: bIdentityOnLink, seen: [], now: T0 }];
  const queue = [];
  for (const [s, other] of [[sides[0], b], [sides[1], a]]) {
    s.n.step({ type: 'contacts', event: { event: 'contacts', here: [], saved: [view(other, false)] } }, T0);
    s.n.step({ type: 'start', transportId: `mesh-${s.id.fingerprint.slice(0, 8)}` }, T0);
    s.n.step({ type: 'contacts', event: { event: 'unreachable', contact: other.fingerprint } }, T0);
    const fx = s.n.step({ type: 'derived', contact: other.fingerprint, slot: 2863383, ns: 'rendezvous-' + 'e'.repeat(32), priority: 'f'.repeat(16) }, T0);
    s.label = of(fx, 'join')[0].label;
  }
  between(sides);
  const fps = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
  const push = (i, event) => queue.push([i, event]);
  push(0, { type: 'meeting-opened', link: 1, label: sides[0].label, local: 'mesh-x-1', remote: 'mesh-x-u', incoming: true, reliable: true, localFp: fps[0], remoteFp: fps[1], nonce: new Uint8Array(32).fill(3) });
  push(1, { type: 'meeting-opened', link: 1, label: sides[1].label, local: 'mesh-x-u', remote: 'mesh-x-1', incoming: false, reliable: true, localFp: fps[1], remoteFp: fps[0], nonce: new Uint8Array(32).fill(4) });
  while (queue.length > 0) {
    const [i, event] = queue.shift();
    const s = sides[i];
    s.now += 10;
    const fx = s.n.step(event, s.now);
    s.seen.push(...fx);
    for (const f of fx) {
      if (f.type === 'meeting-send') push(1 - i, { type: 'meeting-received', link: 1, data: JSON.parse(JSON.stringify(f.message)), size: 500 });
      else if (f.type === 'prove') {
        const raw = Uint8Array.from(Buffer.from(f.peerKey, 'hex'));
        push(i, { type: 'proved', link: 1, signature: await s.id.sign(f.transcript), fingerprint: toHex(new Uint8Array(await subtle.digest('SHA-256', raw))) });
      } else if (f.type === 'verify') push(i, { type: 'verified', link: 1, ok: await verify(f.peerKey, f.transcript, f.signature) });
      else if (f.type === 'sign-note') push(i, { type: 'note-signed', link: 1, transportId: f.transportId, issued: f.issued, signature: await s.id.sign(f.bytes) });
      else if (f.type === 'verify-note') push(i, { type: 'note-verified', link: 1, ok: await verify(f.key, f.bytes, f.signature) });
    }
  }
  return sides;
}

test('a meeting: handshake on the link, one signed note each way, both back to direct at the told Transport ID', async () => {
  const [a, b] = [await identity(), await identity()];
  const [sa, sb] = await meet(a, b, b);
  for (const [s, other] of [[sa, b], [sb, a]]) {
    assert.deepEqual(told(s.seen, 'rendezvous-met').map((e) => e.transportId), [`mesh-${other.fingerprint.slice(0, 8)}`]);
    assert.deepEqual(toContacts(s.seen, 'relocated').map((e) => e.transportId), [`mesh-${other.fingerprint.slice(0, 8)}`]);
    assert.equal(s.n.view()[other.fingerprint].state, 'direct');
    assert.deepEqual(of(s.seen, 'meeting-ended').map((f) => f.verdict), ['met'], 'the unit is told: never shun a met slot');
  }
});

test('a squatter with another key on the contact\'s slot is no meeting: the link fails as an imposter, nothing is believed', async () => {
  const [a, b, eve] = [await identity(), await identity(), await identity()];
  const [sa] = await meet(a, b, eve);
  assert.equal(told(sa.seen, 'rendezvous-met').length, 0);
  assert.deepEqual(told(sa.seen, 'rendezvous-imposter').map((e) => e.imposter), [true]);
  assert.deepEqual(of(sa.seen, 'meeting-ended').map((f) => f.verdict), ['refused']);
  assert.equal(toContacts(sa.seen, 'relocated').length, 0);
  assert.equal(sa.n.view()[b.fingerprint].state, 'seeking');
});

test('a slot change never cuts a meeting: the old namespace stays while its link proves itself, then goes', async () => {
  const [a, b] = [await identity(), await identity()];
  const n = new RendezvousNode({ myKey: a.key, prefix: 'mesh', specials: [special(b)] });
  n.step({ type: 'contacts', event: { event: 'contacts', here: [], saved: [view(b, false)] } }, T0);
  n.step({ type: 'start', transportId: 'mesh-a' }, T0);
  n.step({ type: 'contacts', event: { event: 'unreachable', contact: b.fingerprint } }, T0);
  const nsOf = (slot) => `rendezvous-${String(slot).padStart(32, '0')}`;
  let fx = n.step({ type: 'derived', contact: b.fingerprint, slot: 2863383, ns: nsOf(2863383), priority: 'f'.repeat(16) }, T0);
  const label = of(fx, 'join')[0].label;
  // 59 s before the boundary the neighbour slot joins the window (skew/2 = 1 min): both held
  const near = 1718030400000 - 59_000;
  fx = n.step({ type: 'timer', key: 'window' }, near);
  assert.deepEqual(of(fx, 'derive').map((f) => f.slot), [2863384]);
  n.step({ type: 'derived', contact: b.fingerprint, slot: 2863384, ns: nsOf(2863384), priority: 'f'.repeat(16) }, near);
  assert.deepEqual(Object.values(n.namespaces()).sort(), [nsOf(2863383), nsOf(2863384)]);
  // a link opens in the old slot's namespace just before it leaves the window
  n.step({ type: 'meeting-opened', link: 7, label, local: 'mesh-x-1', remote: 'mesh-x-u', incoming: true, reliable: true,
    localFp: new Uint8Array(32).fill(1), remoteFp: new Uint8Array(32).fill(2), nonce: new Uint8Array(32) }, 1718030400000 + 59_000);
  fx = n.step({ type: 'timer', key: 'window' }, 1718030400000 + 60_001);
  assert.deepEqual(Object.values(n.namespaces()).sort(), [nsOf(2863383), nsOf(2863384)], 'kept while the meeting runs');
  assert.equal(of(fx, 'leave').length, 0);
  fx = n.step({ type: 'meeting-closed', link: 7 }, 1718030400000 + 62_000);
  assert.deepEqual(of(fx, 'leave').map((f) => f.label), [label]);
  assert.deepEqual(of(fx, 'meeting-ended').map((f) => f.verdict), ['unproven']);
  assert.deepEqual(Object.values(n.namespaces()), [nsOf(2863384)]);
});

test('back-off: a contact unseen for 5 days is looked for in one slot of 8 only', async () => {
  const [a, b] = [await identity(), await identity()];
  const n = new RendezvousNode({ myKey: a.key, prefix: 'mesh', specials: [special(b, { lastSeen: T0 - 5 * 86_400_000, phase: 1 })] });
  n.step({ type: 'contacts', event: { event: 'contacts', here: [], saved: [view(b, false)] } }, T0);
  n.step({ type: 'start', transportId: 'mesh-a' }, T0);
  const asked = [];
  for (let i = 0; i < 16; i++) {
    const fx = n.step({ type: i === 0 ? 'contacts' : 'timer', ...(i === 0 ? { event: { event: 'unreachable', contact: b.fingerprint } } : { key: 'window' }) },
      T0 + i * 600_000);
    asked.push(...of(fx, 'derive').map((f) => f.slot));
  }
  assert.equal(new Set(asked).size, 2, `slots asked: ${asked}`);
  for (const slot of asked) assert.equal((slot + 1) % 8, 0);
});

// Following a beacon (§13.3.5, §13.2.1): the prefix of the rendezvous IDs rotates with an overlap.
const P1 = 'b' + '1'.repeat(16);
const P2 = 'b' + '2'.repeat(16);
const P3 = 'b' + '3'.repeat(16);
const NS = 'rendezvous-' + 'e'.repeat(32);
const opened = (link, label) => ({ type: 'meeting-opened', link, label, local: `${P1}-${NS}-1`, remote: `${P1}-${NS}-u`,
  incoming: true, reliable: true, localFp: new Uint8Array(32).fill(1), remoteFp: new Uint8Array(32).fill(2), nonce: new Uint8Array(32) });

/** A core under `prefix` looking for b, holding b's namespace of the slot of T0; returns it and the join. */
async function seeking(a, b, timings = {}) {
  const n = new RendezvousNode({ myKey: a.key, prefix: P1, specials: [special(b)], timings });
  n.step({ type: 'contacts', event: { event: 'contacts', here: [], saved: [view(b, false)] } }, T0);
  n.step({ type: 'start', transportId: `${P1}-a` }, T0);
  n.step({ type: 'contacts', event: { event: 'unreachable', contact: b.fingerprint } }, T0);
  const fx = n.step({ type: 'derived', contact: b.fingerprint, slot: 2863383, ns: NS, priority: 'f'.repeat(16) }, T0);
  return { n, join: of(fx, 'join')[0] };
}

test('a prefix change joins the pair\'s namespace under the new prefix, under a label of its own; the old one stays for the overlap, outside the budget', async () => {
  const [a, b] = [await identity(), await identity()];
  const { n, join } = await seeking(a, b, { budget: 1 });
  assert.deepEqual([join.prefix, join.ns], [P1, NS]);
  let fx = n.step({ type: 'prefix-changed', prefix: P2 }, T0 + 1_000);
  const [again] = of(fx, 'join');
  assert.deepEqual([again?.prefix, again?.ns], [P2, NS], 'joined again under the new prefix although the budget is 1');
  assert.notEqual(again.label, join.label, 'a label of its own: the adapter runs a second meeting unit');
  assert.equal(of(fx, 'leave').length, 0, 'the old prefix\'s namespace stays for the overlap');
  assert.deepEqual(n.namespaces(), { [join.label]: NS, [again.label]: NS });
  // the same prefix again changes nothing; a later step (window timer) keeps both
  assert.deepEqual(of(n.step({ type: 'prefix-changed', prefix: P2 }, T0 + 2_000), 'join'), []);
  fx = n.step({ type: 'timer', key: 'window' }, T0 + 3_000);
  assert.deepEqual(Object.keys(n.namespaces()).sort(), [join.label, again.label].sort());
  // the overlap ends: the old one goes, the new one stays
  fx = n.step({ type: 'prefix-dropped', prefix: P1 }, T0 + 30_000);
  assert.deepEqual(of(fx, 'leave').map((f) => f.label), [join.label]);
  assert.deepEqual(n.namespaces(), { [again.label]: NS });
  // a third prefix: again a label of its own; dropping the second leaves it
  fx = n.step({ type: 'prefix-changed', prefix: P3 }, T0 + 60_000);
  const third = of(fx, 'join')[0];
  assert.deepEqual([third.prefix, new Set([join.label, again.label, third.label]).size], [P3, 3]);
  fx = n.step({ type: 'prefix-dropped', prefix: P2 }, T0 + 90_000);
  assert.deepEqual(of(fx, 'leave').map((f) => f.label), [again.label]);
  assert.deepEqual(n.namespaces(), { [third.label]: NS });
  assert.throws(() => n.step({ type: 'prefix-changed', prefix: 'b/1' }, T0 + 91_000), /invalid prefix/);
  assert.throws(() => new RendezvousNode({ myKey: a.key, prefix: '' }), /invalid prefix/);
});

test('a meeting in the old prefix\'s namespace outlasts its overlap, and the new prefix keeps its whole budget meanwhile', async () => {
  const [a, b] = [await identity(), await identity()];
  const { n, join } = await seeking(a, b, { budget: 1 });
  let fx = n.step({ type: 'prefix-changed', prefix: P2 }, T0 + 1_000);
  const again = of(fx, 'join')[0];
  // a link opens in the old prefix's namespace during the overlap: it is a meeting (hello sent), not refused
  fx = n.step(opened(7, join.label), T0 + 2_000);
  assert.equal(of(fx, 'meeting-send').length, 1);
  assert.equal(of(fx, 'meeting-close').length, 0);
  fx = n.step({ type: 'prefix-dropped', prefix: P1 }, T0 + 3_000);
  assert.equal(of(fx, 'leave').length, 0, 'the meeting under way finishes first');
  assert.deepEqual(n.namespaces(), { [join.label]: NS, [again.label]: NS }, 'the old meeting takes nothing from the budget of 1');
  fx = n.step({ type: 'meeting-closed', link: 7 }, T0 + 4_000);
  assert.deepEqual(of(fx, 'leave').map((f) => f.label), [join.label]);
  assert.deepEqual(n.namespaces(), { [again.label]: NS });
});

test('two contacts meet in the old prefix\'s namespace while one of them has already rotated (the overlap)', async () => {
  const [a, b] = [await identity(), await identity()];
  let newLabel;
  const [sa, sb] = await meet(a, b, b, { prefix: P1, between: ([x]) => {
    newLabel = of(x.n.step({ type: 'prefix-changed', prefix: P2 }, T0), 'join')[0]?.label;
  } });
  assert.ok(newLabel, 'A joined under the new prefix too');
  for (const [s, other] of [[sa, b], [sb, a]]) {
    assert.deepEqual(told(s.seen, 'rendezvous-met').map((e) => [e.transportId, e.prefix]), [[`mesh-${other.fingerprint.slice(0, 8)}`, P1]],
      'met under the prefix both had');
  }
  // met: A leaves the new prefix's namespace (not wanted any more) at once, the met one after the close grace and its overlap
  assert.ok(of(sa.seen, 'leave').some((f) => f.label === newLabel));
  let fx = sa.n.step({ type: 'timer', key: `leave:${sa.label}` }, T0 + 10_000);
  assert.equal(of(fx, 'leave').length, 0, 'still in the old prefix\'s overlap');
  fx = sa.n.step({ type: 'prefix-dropped', prefix: P1 }, T0 + 30_000);
  assert.deepEqual(of(fx, 'leave').map((f) => f.label), [sa.label]);
  assert.deepEqual(sa.n.namespaces(), {});
});
