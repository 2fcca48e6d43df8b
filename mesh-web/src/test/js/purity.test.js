// The core is sans-IO (docs/PROTOCOL.md §14; the same rule as the Java core's architecture test): no
// timers, clock, network, storage or unseeded randomness, and it imports only its own modules.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../main/resources/io/meshkit/web/app/js/mesh/core/', import.meta.url));
const FORBIDDEN = ['Date', 'setTimeout', 'setInterval', 'clearTimeout', 'queueMicrotask', 'performance', 'Math.random',
  'getRandomValues', 'randomUUID', 'fetch', 'WebSocket', 'RTCPeerConnection', 'XMLHttpRequest', 'localStorage',
  'indexedDB', 'navigator', 'window', 'document', 'process', 'require', 'Peer', 'console', 'await import'];

test('core modules use no clock, timer, network, storage or unseeded randomness', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  assert.ok(files.length >= 10);
  for (const f of files) {
    const code = readFileSync(dir + f, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const word of FORBIDDEN) {
      const re = new RegExp(`(^|[^A-Za-z0-9_.'])${word.replace('.', '\\.')}\\b`);
      assert.ok(!re.test(code), `${f} uses ${word}`);
    }
    for (const m of code.matchAll(/\bfrom\s+'([^']+)'/g)) assert.match(m[1], /^\.\/[a-z-]+\.js$/, `${f} imports ${m[1]}`);
  }
});

test('the purity check can fail', () => {
  const re = new RegExp(`(^|[^A-Za-z0-9_.'])${'Date'}\\b`);
  assert.ok(re.test('const t = Date.now();'));
  assert.ok(!re.test('const t = update();'));
});
