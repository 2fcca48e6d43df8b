// The identity vectors of docs/PROTOCOL.md §13.1.9, computed by the app's own modules (the transcript,
// the handshake, and identity.js on Node's WebCrypto, the same API the browser has): keys, fingerprints,
// transcripts, the reference client's signatures, the safety number. The browser test runs the same
// checks in Chromium.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { transcript, sha256Fingerprint } from '../../main/resources/io/meshkit/web/app/js/contacts/core/transcript.js';
import { Handshake } from '../../main/resources/io/meshkit/web/app/js/contacts/core/handshake.js';
import { fromHex, toHex } from '../../main/resources/io/meshkit/web/app/js/contacts/core/bytes.js';
import { fingerprint, verify, safetyNumber, grouped, importKey } from '../../main/resources/io/meshkit/web/app/js/contacts/identity.js';

export const V = Object.freeze({
  initiatorKey: '0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299',
  responderKey: '0428fb5f99b3b7b183c9983f818e6ae5fec43cb3294df215426ddc662f9adc08937a5d857e8b602d06ff0755c11ee57a441c5afb6ce20307dafc335b3280db33c3',
  initiatorFingerprint: 'b18b86ce1389e46de87aa4a5131ce83c1160fa33c087ab15b863574d31d8ff3c',
  responderFingerprint: '2e78838f562330aa901473d097732f25d5fedde01f935eebabb701a12f5244e9',
  initiatorId: 'mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
  responderId: 'mesh-n41c0c7ed3b598e44-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f',
  initiatorTranscriptSha256: '8f76ff4e5968cb54b70539579b3317c58e4106ee18590716aa3274a33e350624',
  responderTranscriptSha256: '508845df6d1a74b3d64771c925429ab3f08241bcf682c4806bf2b61fa163d8c2',
  initiatorSignature: 'd333f448c68b4d1bc00c307979344d98b2a1eca633aea8da2796c618ddcfb27620370ad44f4b885a848c8bb1fb540a1a82c0065ac1542e88165fbca936f7a3ce',
  responderSignature: '1ebdf2137b43864643175e3327ef8a2ef2f6a2572b83cbe85b943baab6c840acdb44f3b1e31a324d9846a22dfedb2963ba59cddd6930d7839d84d4f16c87661e',
  safetyNumber: '68501 26280 10662 49217 13432 60481 98404 81414 49435 01483 84396 19870',
});

const run = (from) => Uint8Array.from({ length: 32 }, (_, i) => from + i);
const fields = {
  initiatorId: V.initiatorId, responderId: V.responderId, initiatorFp: run(0x00), responderFp: run(0x20),
  initiatorKey: fromHex(V.initiatorKey, 65), responderKey: fromHex(V.responderKey, 65),
  initiatorNonce: run(0xa0), responderNonce: run(0xc0),
};
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

test('§13.1.9: fingerprints of both vector keys', async () => {
  assert.equal(await fingerprint(fromHex(V.initiatorKey, 65)), V.initiatorFingerprint);
  assert.equal(await fingerprint(fromHex(V.responderKey, 65)), V.responderFingerprint);
});

test('§13.1.9: both transcripts, byte for byte (length and SHA-256), and the first field as printed', () => {
  const i = transcript('initiator', fields);
  const r = transcript('responder', fields);
  assert.equal(i.length, 435);
  assert.equal(sha256(i), V.initiatorTranscriptSha256);
  assert.equal(sha256(r), V.responderTranscriptSha256);
  assert.equal(toHex(i.slice(0, 32)), '0000001c6d6573686b69742d636f6e746163742d68616e647368616b652d7631');
  assert.equal(toHex(r.slice(32, 45)), '00000009726573706f6e646572');
});

test('§13.1.9: the reference client signatures verify over the transcripts; swapped or tampered do not', async () => {
  const i = transcript('initiator', fields);
  const r = transcript('responder', fields);
  assert.equal(await verify(V.initiatorKey, i, V.initiatorSignature), true);
  assert.equal(await verify(V.responderKey, r, V.responderSignature), true);
  assert.equal(await verify(V.initiatorKey, r, V.initiatorSignature), false, 'reflected to the other role');
  assert.equal(await verify(V.responderKey, i, V.initiatorSignature), false, 'another key');
  const bad = V.initiatorSignature.slice(0, -1) + (V.initiatorSignature.endsWith('e') ? 'f' : 'e');
  assert.equal(await verify(V.initiatorKey, i, bad), false, 'tampered');
});

test('§13.1.9: a Handshake on either side builds the same transcripts from its own point of view', () => {
  const ini = new Handshake({ role: 'initiator', localId: V.initiatorId, remoteId: V.responderId, localFp: run(0),
    remoteFp: run(0x20), myKey: V.initiatorKey, nonce: run(0xa0) });
  const res = new Handshake({ role: 'responder', localId: V.responderId, remoteId: V.initiatorId, localFp: run(0x20),
    remoteFp: run(0), myKey: V.responderKey, nonce: run(0xc0) });
  const a = ini.onMessage({ type: 'hello', version: 1, key: V.responderKey, nonce: toHex(run(0xc0)) });
  const b = res.onMessage({ type: 'hello', version: 1, key: V.initiatorKey, nonce: toHex(run(0xa0)) });
  assert.equal(sha256(a.prove.transcript), V.initiatorTranscriptSha256);
  assert.equal(sha256(b.prove.transcript), V.responderTranscriptSha256);
  assert.equal(sha256(ini.theirs), V.responderTranscriptSha256);
  assert.equal(sha256(res.theirs), V.initiatorTranscriptSha256);
});

test('§13.1.8: the safety number of the vector keys, in either order', async () => {
  assert.equal(grouped(await safetyNumber(V.initiatorKey, V.responderKey)), V.safetyNumber);
  assert.equal(grouped(await safetyNumber(V.responderKey, V.initiatorKey)), V.safetyNumber);
});

test('§13.1.1: a key off the curve or not uncompressed is refused', async () => {
  const off = '04' + '00'.repeat(63) + '01';
  await assert.rejects(importKey(off));
  await assert.rejects(importKey('02' + V.initiatorKey.slice(2)));
  assert.equal(await verify(off, new Uint8Array(1), V.initiatorSignature), false);
});

test('SDP: the sha-256 fingerprint in either case, repeated per media section; none, two different, or malformed: null', () => {
  const fp = 'a=fingerprint:sha-256 ' + [...run(0)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
  const sdp = (...lines) => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', ...lines, ''].join('\r\n');
  assert.deepEqual(sha256Fingerprint(sdp(fp)), run(0));
  assert.deepEqual(sha256Fingerprint(sdp(fp.toLowerCase().replace('a=fingerprint:sha-256', 'a=fingerprint:SHA-256'))), run(0));
  assert.deepEqual(sha256Fingerprint(sdp(fp, 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', fp)), run(0));
  assert.deepEqual(sha256Fingerprint(sdp('a=fingerprint:sha-1 00:11', fp)), run(0));
  assert.equal(sha256Fingerprint(sdp('a=fingerprint:sha-1 00:11')), null);
  assert.equal(sha256Fingerprint(sdp(fp, fp.replace(/00:01/, '00:02'))), null);
  assert.equal(sha256Fingerprint(sdp(fp.slice(0, -3))), null);
  assert.equal(sha256Fingerprint(sdp(fp.replace(/:1F$/, ':1G'))), null);
  assert.equal(sha256Fingerprint(null), null);
  assert.equal(sha256Fingerprint('x'.repeat(70_000)), null);
});
