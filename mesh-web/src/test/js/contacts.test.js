// The contacts core (docs/PROTOCOL.md §13.1) driven event by event in a deterministic world with a fake clock:
// the handshake (valid, replayed, wrong key, swapped fingerprints), request/accept/reject/confirm, matching
// by discovery UUID, pings, imposters and their blacklist, chat with acknowledgements, duplicates and the
// outbox across restarts, limits.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ContactWorld, fakeIdentity } from './contacts-world.js';
import { decode, textProblem } from '../../main/resources/io/meshkit/web/app/js/contacts/core/wire.js';
import { ContactNode } from '../../main/resources/io/meshkit/web/app/js/contacts/core/node.js';

const entry = (c) => ({ discoveryId: c.discoveryId, name: c.name, uuid: c.discoveryUUID, transportId: c.transportId });

/** alice and bob on one network, each listing the other. */
function network(world, ...names) {
  const cs = names.map((n) => world.add(n));
  for (const c of cs) world.command(c.name, { type: 'network', peers: cs.filter((o) => o !== c).map(entry) });
  return cs;
}

/** alice asks bob; bob's user answers `accept`. */
function befriend(world, accept = true) {
  const [a, b] = network(world, 'alice', 'bob');
  world.command('alice', { type: 'request', discoveryId: b.discoveryId });
  assert.ok(world.run(30_000, () => world.events('bob', 'request').length > 0), 'bob is asked');
  const req = world.events('bob', 'request')[0];
  assert.equal(req.name, 'alice');
  assert.equal(req.fingerprint, a.identity.fingerprint, 'the request names the key that proved itself');
  world.command('bob', { type: 'answer', request: req.request, accept });
  world.run(30_000, () => world.events('alice', 'request-answered').length > 0
    && (!accept || world.events('bob', 'contact-added').length > 0));
  return [a, b];
}

const send = (world, from, to, text, id) => world.command(from, { type: 'send', contact: world.clients.get(to).identity.fingerprint,
  text, id });

test('request, accept, confirm: both store each other (key, name, Transport ID, discovery UUID) and list each other as here', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  assert.deepEqual(w.events('alice', 'request-answered').map((e) => e.outcome), ['accepted']);
  const bobAtAlice = a.store.contacts.get(b.identity.fingerprint);
  const aliceAtBob = b.store.contacts.get(a.identity.fingerprint);
  assert.equal(bobAtAlice.key, b.identity.key);
  assert.equal(bobAtAlice.transportId, b.transportId);
  assert.equal(bobAtAlice.discoveryUuid, b.discoveryUUID);
  assert.equal(aliceAtBob.name, 'alice');
  assert.equal(aliceAtBob.transportId, a.transportId);
  w.run(1_000);
  for (const [me, other] of [['alice', b], ['bob', a]]) {
    const lists = w.lists(me);
    assert.deepEqual(lists.here.map((c) => c.fingerprint), [other.identity.fingerprint]);
    assert.deepEqual(lists.strangers, []);
    assert.deepEqual(lists.saved, []);
    assert.equal(lists.here[0].connected, true);
  }
  const auth = w.events('alice', 'authenticated')[0];
  assert.equal(auth.fingerprint, b.identity.fingerprint);
  assert.equal(auth.initiator, true);
});

test('reject: the requester hears no, nobody stores anything, the link closes', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w, false);
  assert.deepEqual(w.events('alice', 'request-answered').map((e) => e.outcome), ['rejected']);
  w.run(20_000);
  assert.equal(a.store.contacts.size, 0);
  assert.equal(b.store.contacts.size, 0);
  assert.equal(w.links.size, 0);
  assert.deepEqual(w.lists('alice').strangers.map((s) => s.name), ['bob']);
});

test('an unanswered request is rejected after requestTimeout (120 s)', () => {
  const w = new ContactWorld();
  const [, b] = network(w, 'alice', 'bob');
  w.command('alice', { type: 'request', discoveryId: b.discoveryId });
  w.run(119_000);
  assert.equal(w.events('alice', 'request-answered').length, 0);
  w.run(3_000);
  assert.deepEqual(w.events('bob', 'request-closed').map((e) => e.outcome), ['timeout']);
  assert.deepEqual(w.events('alice', 'request-answered').map((e) => e.outcome), ['rejected']);
});

test('chat: stored before acknowledged, shown once, delivered in order', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  for (let i = 1; i <= 5; i++) send(w, 'alice', 'bob', `hello ${i}`, `id-${i}`);
  assert.equal(w.events('alice', 'queued').length, 5);
  w.run(5_000, () => w.events('alice', 'delivered').length === 5);
  assert.deepEqual(w.events('bob', 'received').map((e) => e.text), [1, 2, 3, 4, 5].map((i) => `hello ${i}`));
  assert.deepEqual(w.events('alice', 'delivered').map((e) => e.seq), [1, 2, 3, 4, 5]);
  // Every ack left after its message was saved.
  const fx = b.effects.filter((e) => e.type === 'save-incoming' || (e.type === 'send' && e.message.type === 'ack'));
  for (let i = 0; i < fx.length; i += 2) {
    assert.equal(fx[i].type, 'save-incoming');
    assert.equal(fx[i + 1].message.seq, fx[i].message.seq);
  }
  assert.equal([...a.store.messages.values()].filter((m) => m.outgoing && m.delivered).length, 5);
  assert.equal(b.store.contacts.get(a.identity.fingerprint).lastReceivedSeq, 5);
});

test('a resent message whose ack was lost is acknowledged again and not shown twice', () => {
  const w = new ContactWorld();
  const [, b] = befriend(w);
  w.run(1_000);
  const bLink = [...w.links.values()].find((l) => l.client === b);
  const m = { type: 'message', id: 'dup-1', seq: 1, sent: w.now, text: 'once' };
  for (let i = 0; i < 3; i++) w.at(1, b, { type: 'received', link: bLink.link, data: m, size: 60 });
  w.run(1_000);
  assert.deepEqual(w.events('bob', 'received').map((e) => e.text), ['once']);
  assert.equal(b.effects.filter((e) => e.type === 'send' && e.message.type === 'ack').length, 3);
});

test('outbox: messages to an unreachable contact wait, then go out in order, once, when it is back', () => {
  const w = new ContactWorld();
  const [, b] = befriend(w);
  w.run(1_000);
  w.kill('bob');
  w.run(6_000); // alice notices the link is gone
  for (let i = 1; i <= 3; i++) send(w, 'alice', 'bob', `while away ${i}`, `away-${i}`);
  w.run(120_000);
  assert.equal(w.events('alice', 'delivered').length, 0);
  const bob2 = w.restart('bob', 'mesh-t-bob-0001');
  w.command('bob', { type: 'network', peers: [entry(w.clients.get('alice'))] });
  w.command('alice', { type: 'network', peers: [entry(bob2)] });
  assert.ok(w.run(120_000, () => w.events('alice', 'delivered').length === 3), 'delivered after bob is back');
  assert.deepEqual(w.events('bob', 'received').map((e) => e.text), ['while away 1', 'while away 2', 'while away 3']);
  assert.equal(bob2.store.contacts.get(w.clients.get('alice').identity.fingerprint).transportId, w.clients.get('alice').transportId);
  void b;
});

test('a restarted sender resends its stored outbox in order, and the receiver drops what it had', () => {
  const w = new ContactWorld();
  const [a] = befriend(w);
  w.run(1_000);
  send(w, 'alice', 'bob', 'one', 'm-1');
  w.run(1_000, () => w.events('bob', 'received').length === 1);
  // alice crashes before the ack of 'one' reaches her, with 'two' queued.
  w.kill('alice');
  const queued = [...a.store.messages.values()];
  queued.find((m) => m.seq === 1).delivered = null;
  send(w, 'alice', 'bob', 'two', 'm-2'); // on the dead node: never stored
  a.store.messages.set(`${w.clients.get('bob').identity.fingerprint}:o:2`, { contact: w.clients.get('bob').identity.fingerprint,
    outgoing: true, id: 'm-2', seq: 2, sent: w.now, text: 'two' });
  a.store.contacts.set(w.clients.get('bob').identity.fingerprint, { ...a.store.contacts.get(w.clients.get('bob').identity.fingerprint), nextSeq: 3 });
  const alice2 = w.restart('alice', 'mesh-t-alice-0001');
  w.command('alice', { type: 'network', peers: [entry(w.clients.get('bob'))] });
  assert.ok(w.run(60_000, () => w.events('alice', 'delivered').length === 2));
  assert.deepEqual(w.events('bob', 'received').map((e) => e.text), ['one', 'two']);
  void alice2;
});

test('a saved contact is pinged at its last Transport ID; presence brings a new one', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  w.run(1_000);
  w.kill('bob');
  w.command('alice', { type: 'network', peers: [] });
  w.run(10_000);
  assert.deepEqual(w.lists('alice').saved.map((c) => c.name), ['bob']);
  w.restart('bob', 'mesh-t-bob-0002'); // announces itself to alice (seen in the last 30 days)
  assert.ok(w.run(60_000, () => a.store.contacts.get(b.identity.fingerprint).transportId === 'mesh-t-bob-0002'),
    'alice learns the new Transport ID from presence');
  assert.equal(w.lists('alice').saved[0].connected, true);
});

test('Transport ID change: presence on every contact link, the contact stores it', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  w.run(1_000);
  w.holders.set('mesh-t-alice-0009', a);
  w.command('alice', { type: 'transport-id', id: 'mesh-t-alice-0009' });
  w.run(1_000);
  assert.equal(b.store.contacts.get(a.identity.fingerprint).transportId, 'mesh-t-alice-0009');
});

test('no Transport ID yet (or lost): no connects; once there, contacts seen lately are pinged and learn it (presence)', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  w.run(1_000);
  w.kill('bob');
  w.command('alice', { type: 'network', peers: [] });
  w.run(10_000);
  const bob2 = w.restart('bob', null); // started before its signaling connection is open
  w.run(120_000);
  assert.equal(bob2.effects.filter((e) => e.type === 'connect').length, 0, 'no connect without a Transport ID');
  w.holders.set('mesh-t-bob-0004', bob2); // registered on the signaling server …
  w.command('bob', { type: 'transport-id', id: 'mesh-t-bob-0004' }); // … which the client learns
  assert.ok(w.run(30_000, () => a.store.contacts.get(b.identity.fingerprint).transportId === 'mesh-t-bob-0004'));
});

test('imposter: a ping answered by another key blacklists that Transport ID; the entry becomes a stranger', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  w.run(1_000);
  w.kill('bob');
  w.command('alice', { type: 'network', peers: [] });
  w.run(10_000);
  // mallory now holds bob's old Transport ID and lists herself with bob's discovery UUID.
  const mallory = w.add('mallory', { transportId: b.transportId, discoveryId: 'mesh-n41c0c7ed3b598e44-mallory-uuid-0000' });
  w.command('alice', { type: 'network', peers: [{ ...entry(mallory), uuid: b.discoveryUUID }] });
  w.command('alice', { type: 'ping', contact: b.identity.fingerprint });
  assert.ok(w.run(30_000, () => w.events('alice', 'imposter').length > 0));
  const imp = w.events('alice', 'imposter')[0];
  assert.equal(imp.transportId, b.transportId);
  assert.equal(imp.contact, b.identity.fingerprint);
  assert.deepEqual(a.store.contacts.get(b.identity.fingerprint).blacklist, [b.transportId]);
  const lists = w.lists('alice');
  assert.deepEqual(lists.here, []);
  assert.deepEqual(lists.strangers.map((s) => s.name), ['mallory']);
  assert.equal(w.events('alice', 'received').length, 0);
  // never tried again while blacklisted
  const connects = a.effects.filter((e) => e.type === 'connect' && e.remote === b.transportId).length;
  w.run(120_000);
  assert.equal(a.effects.filter((e) => e.type === 'connect' && e.remote === b.transportId).length, connects);
});

test('a relay in the middle (swapped DTLS fingerprints) fails both handshakes: nothing stored, nothing delivered', () => {
  const w = new ContactWorld();
  w.mitm = true;
  const [a, b] = network(w, 'alice', 'bob');
  w.command('alice', { type: 'request', discoveryId: b.discoveryId });
  w.run(30_000);
  assert.equal(w.events('bob', 'request').length, 0);
  assert.ok(w.events('alice', 'handshake-failed').some((e) => e.reason === 'proof does not verify'));
  assert.ok(w.events('bob', 'handshake-failed').some((e) => e.reason === 'proof does not verify'));
  assert.deepEqual(w.events('alice', 'request-answered').map((e) => e.outcome), ['failed']);
  assert.equal(a.store.contacts.size + b.store.contacts.size, 0);
  assert.equal(w.events('alice', 'authenticated').length + w.events('bob', 'authenticated').length, 0);
});

test('a replayed proof from an earlier connection does not verify (fresh nonces)', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  w.run(1_000);
  const oldProof = b.effects.find((e) => e.type === 'send' && e.message.type === 'proof').message;
  const oldHello = b.effects.find((e) => e.type === 'send' && e.message.type === 'hello').message;
  // mallory replays bob's hello and proof to alice on a new link alice opens to mallory's ID.
  w.kill('bob');
  w.run(6_000); // alice notices
  const mallory = w.add('mallory', { transportId: b.transportId });
  w.secrets.delete(mallory.identity.key);
  w.command('alice', { type: 'ping', contact: b.identity.fingerprint });
  w.run(20_000, () => [...w.links.values()].some((l) => l.client === a)); // after the retries to the dead bob
  const link = [...w.links.values()].find((l) => l.client === a);
  assert.ok(link, 'alice opened a link to the Transport ID');
  w.kill('mallory'); // says nothing itself
  w.run(60); // alice's side is open and waits for a hello
  w.at(1, a, { type: 'received', link: link.link, data: oldHello, size: 200 });
  w.at(5, a, { type: 'received', link: link.link, data: oldProof, size: 150 });
  w.run(50);
  assert.equal(w.events('alice', 'authenticated').filter((e) => e.fingerprint === b.identity.fingerprint).length, 1,
    'only the first, real one');
  assert.ok(w.events('alice', 'handshake-failed').some((e) => e.reason === 'proof does not verify'));
});

test('the handshake refuses our own key, a second hello, anything before the proof, a key off the curve', () => {
  const check = (inject, reason) => {
    const w = new ContactWorld();
    const [a, b] = network(w, 'alice', 'bob');
    w.command('alice', { type: 'request', discoveryId: b.discoveryId });
    w.run(40); // both opened, hellos on their way
    const link = [...w.links.values()].find((l) => l.client === b);
    inject(w, b, link.link, a);
    w.run(30_000);
    assert.ok(w.events('bob', 'handshake-failed').some((e) => e.reason.includes(reason)),
      `${reason}: ${JSON.stringify(w.events('bob', 'handshake-failed'))}`);
    assert.equal(w.events('bob', 'request').length, 0);
  };
  check((w, b, l) => w.at(0, b, { type: 'received', link: l, data: { type: 'hello', version: 1, key: b.identity.key,
    nonce: '00'.repeat(32) }, size: 200 }), 'our own key');
  check((w, b, l) => w.at(0, b, { type: 'received', link: l, data: { type: 'request', friendlyname: 'x' }, size: 40 }),
    'expected hello');
  check((w, b, l, a) => {
    w.at(0, b, { type: 'received', link: l, data: { type: 'hello', version: 1, key: a.identity.key, nonce: '01'.repeat(32) }, size: 200 });
    w.at(0, b, { type: 'received', link: l, data: { type: 'hello', version: 1, key: a.identity.key, nonce: '02'.repeat(32) }, size: 200 });
  }, 'expected proof');
  check((w, b, l) => w.at(0, b, { type: 'received', link: l, data: { type: 'hello', version: 1,
    key: '04' + '00'.repeat(62) + 'dead', nonce: '00'.repeat(32) }, size: 200 }), 'curve');
});

test('a handshake not done within handshakeTimeout (10 s) closes the link', () => {
  const w = new ContactWorld();
  const [a, b] = network(w, 'alice', 'bob');
  w.secrets.delete(a.identity.key); // alice's proof can never verify … and bob's verify answer is false
  w.execute = ((orig) => function (c, fx) {
    if (fx.type === 'prove' && c === a) return undefined; // alice never finishes signing
    return orig.call(this, c, fx);
  })(w.execute);
  w.command('alice', { type: 'request', discoveryId: b.discoveryId });
  w.run(9_000);
  assert.equal(w.links.size, 2);
  w.run(2_000);
  assert.ok(w.events('bob', 'handshake-failed').some((e) => e.reason === 'timed out'));
  assert.equal(w.links.size, 0);
});

test('a request to someone who already is a contact is answered at once; their counters reset', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  w.run(1_000);
  send(w, 'alice', 'bob', 'hi', 'x1');
  w.run(1_000);
  w.command('alice', { type: 'request', discoveryId: b.discoveryId });
  w.run(5_000);
  assert.deepEqual(w.events('alice', 'request-answered').map((e) => e.outcome), ['accepted', 'already-contact']);
  assert.equal(w.events('bob', 'request').length, 1, 'the user is not asked again');
  void a;
});

test('lists: contacts matched by discovery UUID are here, others strangers; saved = contacts not here', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  const carol = w.add('carol');
  w.command('alice', { type: 'network', peers: [entry(b), entry(carol)] });
  w.run(1_000);
  let lists = w.lists('alice');
  assert.deepEqual(lists.here.map((c) => c.name), ['bob']);
  assert.deepEqual(lists.strangers.map((s) => s.name), ['carol']);
  w.command('alice', { type: 'network', peers: [entry(carol)] });
  lists = w.lists('alice');
  assert.deepEqual(lists.here, []);
  assert.deepEqual(lists.saved.map((c) => c.name), ['bob']);
  void a;
});

test('verify: the flag is stored and shown', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  w.command('alice', { type: 'verify', contact: b.identity.fingerprint, verified: true });
  assert.equal(a.store.contacts.get(b.identity.fingerprint).verified, true);
  assert.equal(w.lists('alice').here[0].verified, true);
});

test('limits: a flooding link is closed; more than 64 links are refused; bad commands are errors, not throws', () => {
  const w = new ContactWorld();
  const [a, b] = befriend(w);
  w.run(1_000);
  const link = [...w.links.values()].find((l) => l.client === b);
  for (let i = 0; i < 150; i++) w.step(b, { type: 'received', link: link.link, data: { type: 'presence' }, size: 10 });
  assert.ok(b.effects.some((e) => e.type === 'close' && e.link === link.link));
  for (let i = 0; i < 70; i++) w.step(b, { type: 'opened', link: -1000 - i, inbound: true, local: b.transportId, remote: `mesh-x${i}`,
    reliable: true, localFp: new Uint8Array(32), remoteFp: new Uint8Array(32), nonce: new Uint8Array(32) });
  assert.ok(b.effects.some((e) => e.type === 'close' && e.link === -1069));
  w.command('alice', { type: 'send', contact: 'nobody', text: 'x', id: 'a' });
  w.command('alice', { type: 'send', contact: b.identity.fingerprint, text: 'bad\u0007bell', id: 'b' });
  w.command('alice', { type: 'ping', contact: 'nobody' });
  assert.deepEqual(w.events('alice', 'error').map((e) => e.reason),
    ['no such contact', 'text contains a control character (U+0007)', 'no such contact']);
  void a;
});

test('an unreliable link or one without a DTLS fingerprint is closed before any handshake', () => {
  const node = new ContactNode({ identity: fakeIdentity('z'), name: 'z', discoveryUUID: 'zzzzzzzz-uuid', transportId: 'mesh-t-z' });
  node.step({ type: 'start' }, 0);
  const fx1 = node.step({ type: 'opened', link: -1, inbound: true, local: 'mesh-t-z', remote: 'mesh-a', reliable: false,
    localFp: new Uint8Array(32), remoteFp: new Uint8Array(32), nonce: new Uint8Array(32) }, 1);
  assert.ok(fx1.some((e) => e.type === 'close' && e.link === -1));
  assert.ok(!fx1.some((e) => e.type === 'send'));
  const fx2 = node.step({ type: 'opened', link: -2, inbound: true, local: 'mesh-t-z', remote: 'mesh-b', reliable: true,
    localFp: null, remoteFp: new Uint8Array(32), nonce: new Uint8Array(32) }, 2);
  assert.ok(fx2.some((e) => e.type === 'close' && e.link === -2));
});

test('wire: the spec examples decode; rules break them; unknown types are ignored; random input never throws', () => {
  const ok = [
    { type: 'hello', version: 1, key: fakeIdentity('a').key, nonce: 'a0'.repeat(32) },
    { type: 'proof', signature: 'd3'.repeat(64) },
    { type: 'request', friendlyname: 'alice' },
    { type: 'accepted', friendlyname: 'Zoë', transportID: 'mesh-9f8e7d6c-5b4a-4c3d-2e1f-0a9b8c7d6e5f', discoveryUUID: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' },
    { type: 'rejected' },
    { type: 'message', id: '3f1c2a9e-7b44-4d0a-9c55-1e2f3a4b5c6d', seq: 1, sent: 1718000000000, text: 'hi\nthere 👋' },
    { type: 'ack', id: '3f1c2a9e-7b44-4d0a-9c55-1e2f3a4b5c6d', seq: 1 },
  ];
  for (const m of ok) assert.ok(decode(m, JSON.stringify(m).length).message, JSON.stringify(m));
  const bad = [
    { type: 'hello', version: 0, key: fakeIdentity('a').key, nonce: 'a0'.repeat(32) },
    { type: 'hello', version: 1, key: fakeIdentity('a').key.toUpperCase(), nonce: 'a0'.repeat(32) },
    { type: 'hello', version: 1, key: fakeIdentity('a').key, nonce: 'a0'.repeat(31) },
    { type: 'proof', signature: 'd3'.repeat(63) },
    { type: 'request', friendlyname: 'a\u202eb' },
    { type: 'accepted', friendlyname: 'x', transportID: 'bad id!', discoveryUUID: 'a1b2c3d4-e5f6' },
    { type: 'message', id: 'x', seq: 0, sent: 1, text: 'a' },
    { type: 'message', id: 'x y', seq: 1, sent: 1, text: 'a' },
    { type: 'message', id: 'x', seq: 1, sent: 1, text: '' },
    { type: 'message', id: 'x', seq: 1.5, sent: 1, text: 'a' },
    { type: 'ack', id: 'x', seq: -1 },
    [], 'x', null, 7, { type: 5 },
  ];
  for (const m of bad) assert.ok(decode(m, 10).invalid, JSON.stringify(m));
  assert.ok(decode({ type: 'hello' }, 16_300).invalid, 'too large');
  assert.deepEqual(decode({ type: 'future-thing', x: 1 }, 30), { ignored: true });
  assert.equal(textProblem('x'.repeat(2_000)), null);
  assert.match(textProblem('x'.repeat(2_001)), /longer/);
  assert.match(textProblem('\ud800'), /unpaired/);
  assert.equal(textProblem('tab\tand\nnewline'), null);
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const values = [null, true, 0, -1, 1.5, 2 ** 60, '', 'x', '04', [], {}, 'a0'.repeat(32)];
  const types = ['hello', 'proof', 'request', 'accepted', 'rejected', 'confirm', 'presence', 'message', 'ack', 'x'];
  const keys = ['type', 'version', 'key', 'nonce', 'signature', 'friendlyname', 'transportID', 'discoveryUUID', 'id', 'seq', 'sent', 'text'];
  for (let i = 0; i < 20_000; i++) {
    const o = { type: types[Math.floor(rnd() * types.length)] };
    for (const k of keys) if (rnd() < 0.5) o[k] = values[Math.floor(rnd() * values.length)];
    if (rnd() < 0.1) o.type = values[Math.floor(rnd() * values.length)];
    const d = decode(o, Math.floor(rnd() * 17_000));
    assert.ok(d.message || d.invalid || d.ignored);
  }
});
