// The core is sans-IO (docs/PROTOCOL.md §14; the same rule as the Java core's architecture test): no
// timers, clock, network, storage or unseeded randomness, and it imports only its own modules.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const app = '../../main/resources/io/meshkit/web/app/js/';
// Each pure core and the modules it may import besides its own.
const CORES = [
  // The namespace HMAC is WebCrypto's (deterministic, keyed by the prefix).
  { dir: fileURLToPath(new URL(app + 'mesh/core/', import.meta.url)), imports: /^\.\/[a-z-]+\.js$/, also: [], min: 7 },
  // Signatures and fingerprints are asked of the adapter, never computed here: no WebCrypto at all.
  { dir: fileURLToPath(new URL(app + 'contacts/core/', import.meta.url)),
    imports: /^(\.\/|\.\.\/\.\.\/mesh\/core\/)[a-z-]+\.js$/, also: ['crypto', 'subtle'], min: 7 },
  // Rendezvous: the secret never enters it; HMACs, HKDF and signatures are asked of the adapter.
  { dir: fileURLToPath(new URL(app + 'rendezvous/core/', import.meta.url)),
    imports: /^(\.\/|\.\.\/\.\.\/(mesh|contacts)\/core\/)[a-z-]+\.js$/, also: ['crypto', 'subtle'], min: 7 },
];
const FORBIDDEN = ['Date', 'setTimeout', 'setInterval', 'clearTimeout', 'queueMicrotask', 'performance', 'Math.random',
  'getRandomValues', 'randomUUID', 'fetch', 'WebSocket', 'RTCPeerConnection', 'XMLHttpRequest', 'localStorage',
  'indexedDB', 'navigator', 'window', 'document', 'process', 'require', 'Peer', 'console', 'await import'];

test('core modules use no clock, timer, network, storage, crypto or unseeded randomness', () => {
  for (const { dir, imports, also, min } of CORES) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  assert.ok(files.length >= min, dir);
  for (const f of files) {
    const code = readFileSync(dir + f, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const word of [...FORBIDDEN, ...also]) {
      const re = new RegExp(`(^|[^A-Za-z0-9_.'])${word.replace('.', '\\.')}\\b`);
      assert.ok(!re.test(code), `${f} uses ${word}`);
    }
    for (const m of code.matchAll(/\bfrom\s+'([^']+)'/g)) assert.match(m[1], imports, `${f} imports ${m[1]}`);
  }
  }
});

test('the purity check can fail', () => {
  const re = new RegExp(`(^|[^A-Za-z0-9_.'])${'Date'}\\b`);
  assert.ok(re.test('const t = Date.now();'));
  assert.ok(!re.test('const t = update();'));
});
