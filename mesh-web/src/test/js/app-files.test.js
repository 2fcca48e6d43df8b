// The app as files: the service worker caches exactly the app's files (so it works offline once loaded,
// and a file added without being cached is found here), the pages load no inline script (the server's
// Content-Security-Policy forbids it), and config.json resolves against the page's location.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../main/resources/io/meshkit/web/app/js/app/config.js';

const APP = fileURLToPath(new URL('../../main/resources/io/meshkit/web/app/', import.meta.url));
// Served but not part of the offline app: the minimal page of the conformance tests, and the licence.
const NOT_CACHED = new Set(['mesh.html', 'js/mesh-page.js', 'vendor/peerjs-LICENSE.txt', 'sw.js']);

function walk(dir, base = '') {
  return readdirSync(dir).flatMap((f) => (statSync(dir + f).isDirectory() ? walk(`${dir}${f}/`, `${base}${f}/`) : [base + f]));
}

test('the service worker caches every file of the app, and only those', () => {
  const sw = readFileSync(APP + 'sw.js', 'utf8');
  const list = JSON.parse(sw.slice(sw.indexOf('const FILES = [') + 'const FILES = '.length, sw.indexOf('];') + 1)
    .replace(/'/g, '"').replace(/,\s*]/, ']'));
  const expected = walk(APP).filter((f) => !NOT_CACHED.has(f)).concat(['./', 'config.json']).sort();
  assert.deepEqual([...list].sort(), expected);
});

test('pages carry no inline script or style and load only files the app has', () => {
  for (const page of ['index.html', 'mesh.html']) {
    const html = readFileSync(APP + page, 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${page}: inline script`);
    assert.doesNotMatch(html, /<style|\sstyle=/, `${page}: inline style`);
    assert.doesNotMatch(html, /\son[a-z]+=/, `${page}: inline handler`);
    for (const m of html.matchAll(/\b(?:src|href)="([^"#:]+)"/g)) statSync(APP + m[1]);
  }
  const manifest = JSON.parse(readFileSync(APP + 'manifest.webmanifest', 'utf8'));
  for (const icon of manifest.icons) statSync(APP + icon.src);
});

test('config.json: null fields are the page\'s own origin; {host} in STUN URLs is the page\'s host', () => {
  const page = new URL('https://mesh.example.org/app/');
  const derived = resolveConfig({ prefix: 'mesh', signaling: { host: null, port: null, path: '/', key: 'peerjs', secure: null },
    stun: ['stun:{host}:3478'], ipEcho: '/ip' }, page);
  assert.deepEqual(derived.signaling, { host: 'mesh.example.org', port: 443, path: '/', key: 'peerjs', secure: true });
  assert.deepEqual(derived.stunUrls, ['stun:mesh.example.org:3478']);
  assert.equal(derived.ipEchoUrl, 'https://mesh.example.org/ip');
  const local = resolveConfig({ signaling: {}, stun: [] }, new URL('http://localhost:9000/app/'));
  assert.deepEqual(local.signaling, { host: 'localhost', port: 9000, path: '/', key: 'peerjs', secure: false });
  assert.equal(local.ipEchoUrl, null);
  assert.equal(local.prefix, 'mesh');
  const given = resolveConfig({ prefix: 'chat', signaling: { host: 'sig.example.org', port: 8443, path: '/p/', key: 'k', secure: true },
    stun: ['stun:stun.example.org:3478'], ipEcho: 'https://sig.example.org:8443/p/ip' }, page);
  assert.deepEqual(given.signaling, { host: 'sig.example.org', port: 8443, path: '/p/', key: 'k', secure: true });
  assert.equal(given.prefix, 'chat');
  assert.throws(() => resolveConfig(null, page));
  assert.equal(derived.beacon, null, 'no beacon: the fixed prefix');
  const jwk = { kty: 'EC', crv: 'P-256', x: 'YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y', y: 'eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk' };
  const beacon = resolveConfig({ signaling: {}, beacon: { url: '/beacon', keys: [jwk], period: 20 } }, page);
  assert.deepEqual(beacon.beacon, { url: 'https://mesh.example.org/beacon', keys: [jwk] });
  assert.throws(() => resolveConfig({ signaling: {}, beacon: { url: '/beacon', keys: [] } }, page), /beacon/);
  assert.throws(() => resolveConfig({ signaling: {}, beacon: { keys: [jwk] } }, page), /beacon/);
});
