// The app's service worker: the app works offline once loaded. It serves only the app's own files (the
// list below; a unit test keeps it equal to the files the app has), never anything else in its scope (the
// IP echo, the PeerJS routes when the app sits at the server's root). Network first, so a new version is
// used as soon as the server has it (each file is revalidated with its ETag: a 304 costs a few bytes),
// and the cache when the network fails or takes longer than 4 s. The vendored PeerJS has its version in
// its name and never changes: cache first.

const CACHE = 'meshkit-app-1';
const NETWORK_WAIT_MS = 4_000;
const FILES = [
  './',
  'index.html',
  'app.css',
  'config.json',
  'manifest.webmanifest',
  'icons/icon.svg',
  'icons/icon-192.png',
  'icons/icon-512.png',
  'vendor/peerjs-1.5.5.min.js',
  'js/app/config.js',
  'js/app/main.js',
  'js/app/ui.js',
  'js/contacts/core/bytes.js',
  'js/contacts/core/conversation.js',
  'js/contacts/core/handshake.js',
  'js/contacts/core/node.js',
  'js/contacts/core/settings.js',
  'js/contacts/core/transcript.js',
  'js/contacts/core/wire.js',
  'js/contacts/identity.js',
  'js/contacts/runtime.js',
  'js/contacts/store.js',
  'js/mesh/core/effects.js',
  'js/mesh/core/election.js',
  'js/mesh/core/grace.js',
  'js/mesh/core/ids.js',
  'js/mesh/core/meeting.js',
  'js/rendezvous/crypto.js',
  'js/rendezvous/runtime.js',
  'js/rendezvous/core/agreement.js',
  'js/rendezvous/core/bytes.js',
  'js/rendezvous/core/holdings.js',
  'js/rendezvous/core/meeting.js',
  'js/rendezvous/core/node.js',
  'js/rendezvous/core/schedule.js',
  'js/rendezvous/core/settings.js',
  'js/mesh/core/member.js',
  'js/mesh/core/names.js',
  'js/mesh/core/namespace.js',
  'js/mesh/core/prng.js',
  'js/mesh/core/probe.js',
  'js/mesh/core/registry.js',
  'js/mesh/core/router.js',
  'js/mesh/core/settings.js',
  'js/mesh/core/snapshot.js',
  'js/mesh/core/split.js',
  'js/mesh/core/unit.js',
  'js/mesh/core/view.js',
  'js/mesh/core/wire.js',
  'js/mesh/beacon.js',
  'js/mesh/beacon-driver.js',
  'js/mesh/core/beacon-follower.js',
  'js/mesh/discovery.js',
  'js/mesh/mesh-client.js',
  'js/mesh/peerjs-adapter.js',
  'js/mesh/rendezvous.js',
];
const ours = new Set(FILES.map((f) => new URL(f, self.registration.scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('meshkit-app-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  url.search = '';
  url.hash = '';
  if (!ours.has(url.href)) return; // not the app's: the browser fetches it as if we were not here
  event.respondWith(url.pathname.includes('/vendor/') ? cacheFirst(req, url.href) : networkFirst(req, url.href));
});

async function cacheFirst(req, key) {
  const hit = await caches.match(key);
  return hit ?? networkFirst(req, key);
}

async function networkFirst(req, key) {
  const cache = await caches.open(CACHE);
  try {
    const res = await withTimeout(fetch(req), NETWORK_WAIT_MS);
    if (res.ok) await cache.put(key, res.clone());
    return res;
  } catch (e) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw e;
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the network took too long')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}
