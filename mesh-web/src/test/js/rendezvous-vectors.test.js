// The special-contact vectors of docs/PROTOCOL.md §13.2.9, computed by the app's modules on Node's WebCrypto (the
// API the browser has): the secret from both contributions, its check, the note's signed bytes, the reference
// client's note signature verified here, and a note signed here (WebCrypto, random nonce) that the reference
// client's RendezvousVectorsTest verifies in turn.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import { noteBytes, secretInputs } from '../../main/resources/io/meshkit/web/app/js/rendezvous/core/bytes.js';
import { deriveSecretBytes, secretKey, checkOf } from '../../main/resources/io/meshkit/web/app/js/rendezvous/crypto.js';
import { decode, note } from '../../main/resources/io/meshkit/web/app/js/contacts/core/wire.js';
import { fromHex, toHex } from '../../main/resources/io/meshkit/web/app/js/contacts/core/bytes.js';
import { verify } from '../../main/resources/io/meshkit/web/app/js/contacts/identity.js';

const V = Object.freeze({ // the keys of §13.1.9
  initiatorKey: '0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299',
  responderKey: '0428fb5f99b3b7b183c9983f818e6ae5fec43cb3294df215426ddc662f9adc08937a5d857e8b602d06ff0755c11ee57a441c5afb6ce20307dafc335b3280db33c3',
});

const run = (from) => toHex(Uint8Array.from({ length: 32 }, (_, i) => from + i));
const TRANSPORT = 'mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d';
const ISSUED = 1718030100000;
const JAVA_NOTE_SIGNATURE = '5c8636e10ee9f565043b52af26fc4ae0e9897d011cfeeef5acfde6ee52c1a595229eb7195e9586fc81caf55e9e5a32df8c58ae47ace6fdfce899ae8b695f99b4';
// Made once by noteSignedHere() below with WebCrypto; docs/PROTOCOL.md §13.2.9 lists it, the Java test verifies it.
export const WEBCRYPTO_NOTE_SIGNATURE = '75d7d403e9e6cc36b0c186ec5c9189ebb2c74e0d29c720f310846b7b59ae10d2f4405b47bdb45807822534a8ecad0959dec9e0d17f36c1a578817558c31f2225';
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

test('§13.2.9: the secret, by key order whoever offered, and its check', async () => {
  const byInitiator = await deriveSecretBytes(V.initiatorKey, run(0xa0), V.responderKey, run(0xc0));
  const byResponder = await deriveSecretBytes(V.responderKey, run(0xc0), V.initiatorKey, run(0xa0));
  assert.equal(toHex(byInitiator), '7131745856e605acb7aad9a2aa9adf837b4f6a53a9a84f33f3dd322ddc9bae61');
  assert.deepEqual(byResponder, byInitiator);
  assert.equal(toHex(secretInputs(V.initiatorKey, run(0xa0), V.responderKey, run(0xc0)).ikm), run(0xc0) + run(0xa0));
  assert.equal(await checkOf(await secretKey(byInitiator)), '0b80b24a0581fb6f6ed691bfeb23ea69');
  // another contribution, another secret
  assert.notDeepEqual(await deriveSecretBytes(V.initiatorKey, run(0xa1), V.responderKey, run(0xc0)), byInitiator);
});

test('§13.2.9: the note bytes field by field, and the reference client\'s signature verifies', async () => {
  const bytes = noteBytes(V.initiatorKey, V.responderKey, TRANSPORT, ISSUED);
  assert.equal(bytes.length, 225);
  assert.equal(sha256(bytes), '79d40f4f97b6a4423c4ee939d48f435b03cfaf2e4ed5fbcec7a303db610c49f0');
  assert.equal(toHex(bytes.slice(-12)), '00000008000001900292e620');
  assert.ok(await verify(V.initiatorKey, bytes, JAVA_NOTE_SIGNATURE));
  // for another recipient, time or Transport ID it does not
  assert.ok(!await verify(V.initiatorKey, noteBytes(V.initiatorKey, V.responderKey, TRANSPORT, ISSUED + 1), JAVA_NOTE_SIGNATURE));
  assert.ok(!await verify(V.initiatorKey, noteBytes(V.initiatorKey, V.initiatorKey, TRANSPORT, ISSUED), JAVA_NOTE_SIGNATURE));
  const wired = decode(note(TRANSPORT, ISSUED, JAVA_NOTE_SIGNATURE), 200);
  assert.deepEqual(wired.message, { type: 'note', transportID: TRANSPORT, issued: ISSUED, signature: JAVA_NOTE_SIGNATURE });
});

/** The initiator's private key of §13.1.9 as a WebCrypto key. */
async function initiatorPrivateKey() {
  const raw = fromHex(V.initiatorKey, 65);
  const b64 = (b) => Buffer.from(b).toString('base64url');
  const jwk = { kty: 'EC', crv: 'P-256', x: b64(raw.slice(1, 33)), y: b64(raw.slice(33)),
    d: b64(fromHex('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721', 32)) };
  return webcrypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}

test('a note signed with WebCrypto verifies; the one the reference client checks is such a note', async () => {
  const bytes = noteBytes(V.initiatorKey, V.responderKey, TRANSPORT, ISSUED);
  const sig = toHex(new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' },
    await initiatorPrivateKey(), bytes)));
  assert.ok(await verify(V.initiatorKey, bytes, sig));
  assert.ok(await verify(V.initiatorKey, bytes, WEBCRYPTO_NOTE_SIGNATURE), 'the WebCrypto vector');
});

test('special messages: exact lengths, or discarded', () => {
  const c = run(0xa0);
  assert.deepEqual(decode({ type: 'special-offer', contribution: c }, 100).message, { type: 'special-offer', contribution: c });
  assert.deepEqual(decode({ type: 'special-accept', contribution: c }, 100).message, { type: 'special-accept', contribution: c });
  assert.deepEqual(decode({ type: 'special-end' }, 30).message, { type: 'special-end' });
  assert.deepEqual(decode({ type: 'special-check', check: c.slice(0, 32) }, 60).message, { type: 'special-check', check: c.slice(0, 32) });
  for (const bad of [{ type: 'special-offer', contribution: c.slice(2) }, { type: 'special-offer', contribution: c.toUpperCase() },
    { type: 'special-check', check: c }, { type: 'note', transportID: 'a b!', issued: 1, signature: JAVA_NOTE_SIGNATURE },
    { type: 'note', transportID: TRANSPORT, issued: -1, signature: JAVA_NOTE_SIGNATURE },
    { type: 'note', transportID: TRANSPORT, issued: 1.5, signature: JAVA_NOTE_SIGNATURE },
    { type: 'note', transportID: TRANSPORT, issued: 1, signature: JAVA_NOTE_SIGNATURE.slice(1) }]) {
    assert.ok(decode(bad, 300).invalid, JSON.stringify(bad));
  }
});
