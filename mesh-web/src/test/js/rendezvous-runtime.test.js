// The rendezvous adapter on a fake PeerJS following a beacon (docs/PROTOCOL.md §13.2.1, §13.3.5): meeting units run
// under the prefix their namespace was joined with, present that prefix's beacon, and the old prefix's are left when
// its overlap ends. The crypto is Node's WebCrypto.
import test from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { RendezvousRuntime } from '../../main/resources/io/meshkit/web/app/js/rendezvous/runtime.js';
import { secretKey, checkOf, phaseOf } from '../../main/resources/io/meshkit/web/app/js/rendezvous/crypto.js';
import { toHex } from '../../main/resources/io/meshkit/web/app/js/contacts/core/bytes.js';
import { fakePeerClass } from './fake-peerjs.js';

const P1 = 'bcd3b741c3743d98d';
const P2 = 'b086169a77f4e3e46';

async function until(condition, what) {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function publicKey() {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const raw = new Uint8Array(await webcrypto.subtle.exportKey('raw', pair.publicKey));
  return { key: toHex(raw), fingerprint: toHex(new Uint8Array(await webcrypto.subtle.digest('SHA-256', raw))) };
}

test('following a beacon: rendezvous IDs under the current prefix with its beacon; the old prefix\'s unit stays for the overlap, then goes', async () => {
  const [me, them] = [await publicKey(), await publicKey()];
  const secret = await secretKey(new Uint8Array(32).fill(7));
  // Five minutes into a slot: the window (§13.2.2) holds one slot for the whole test, whenever it runs (within a
  // minute of a real boundary it would hold two).
  const base = Date.UTC(2026, 0, 1, 0, 5, 0);
  const started = Date.now();
  const clock = () => base + (Date.now() - started);
  const now = clock();
  const stored = { fingerprint: them.fingerprint, key: them.key, secret, check: await checkOf(secret),
    phase: await phaseOf(secret), since: now, lastSeen: now, paused: false, pauseAskedAt: 0 };
  const store = { specials: async () => [stored], saveSpecial: async () => {}, deleteSpecial: async () => {} };
  const Peer = fakePeerClass();
  const rt = await RendezvousRuntime.start({ identity: { key: me.key, sign: async () => '00' }, store, prefix: P1, Peer,
    peerOptionsFor: (p) => ({ host: 'h', port: 1, key: `peerjs&beacon=${p}-beacon` }), toContacts: () => {},
    onEvent: () => {}, clock });
  try {
    rt.transportChanged(`${P1}-11111111-1111-4111-8111-111111111111`);
    rt.fromContacts({ event: 'unreachable', contact: them.fingerprint }); // their Transport ID is gone: seeking
    const under = (p) => Peer.created.filter((x) => x.id.startsWith(`${p}-rendezvous-`));
    await until(() => under(P1).length === 1, 'a meeting unit under the first prefix');
    const [first] = under(P1);
    assert.equal(first.options.key, `peerjs&beacon=${P1}-beacon`);
    const ns = first.id.split('-')[1] + '-' + first.id.split('-')[2];
    first.emit('open', first.id);

    rt.prefixChanged(P2);
    await until(() => under(P2).length === 1, 'a meeting unit under the new prefix');
    const [second] = under(P2);
    assert.equal(second.options.key, `peerjs&beacon=${P2}-beacon`, 'the new prefix\'s beacon');
    assert.ok(second.id.startsWith(`${P2}-${ns}-`), 'the same namespace: both contacts compute it from the secret');
    assert.equal(rt.units.size, 2, 'both served during the overlap');
    assert.equal(first.destroyed, false);

    rt.prefixDropped(P1);
    await until(() => rt.units.size === 1, 'the old prefix\'s unit left');
    assert.deepEqual(Object.values(rt.namespaces()), [ns]);
    await until(() => first.destroyed, 'the old rendezvous ID released');
    assert.equal(second.destroyed, false);
  } finally {
    rt.stop();
    await rt.chain;
  }
});
