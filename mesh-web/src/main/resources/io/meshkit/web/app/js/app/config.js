// The app's configuration: `config.json` next to index.html. The signaling server writes it from its own
// flags when it serves the app (--app_path); a static host serves a hand-written one (mesh-web/README.md,
// "Serving"). A null field means "the page's own": host, port and scheme the page was loaded from.

/** Reads config.json and resolves it against the page's location into MeshClient options. */
export async function loadConfig(location = globalThis.location, fetch = globalThis.fetch) {
  const res = await fetch(new URL('config.json', location.href), { cache: 'no-cache', credentials: 'omit' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return resolveConfig(await res.json(), location);
}

/** Pure: the raw config and the page's location → what the mesh client needs. */
export function resolveConfig(c, location) {
  if (c === null || typeof c !== 'object') throw new Error('config.json is not a JSON object');
  const s = c.signaling ?? {};
  const pageSecure = location.protocol === 'https:';
  const secure = typeof s.secure === 'boolean' ? s.secure : pageSecure;
  const port = Number.isInteger(s.port) ? s.port : location.port ? Number(location.port) : secure ? 443 : 80;
  const host = typeof s.host === 'string' && s.host !== '' ? s.host : location.hostname;
  const stun = (Array.isArray(c.stun) ? c.stun : []).filter((u) => typeof u === 'string')
    .map((u) => u.replaceAll('{host}', location.hostname));
  const ipEcho = typeof c.ipEcho === 'string' && c.ipEcho !== '' ? new URL(c.ipEcho, location.href).href : null;
  return {
    version: typeof c.version === 'string' ? c.version : null,
    prefix: typeof c.prefix === 'string' && c.prefix !== '' ? c.prefix : 'mesh',
    signaling: { host, port, path: typeof s.path === 'string' ? s.path : '/', key: typeof s.key === 'string' ? s.key : 'peerjs',
      secure },
    stunUrls: stun,
    iceServers: stun.length > 0 ? [{ urls: stun }] : [],
    ipEchoUrl: ipEcho,
    beacon: resolveBeacon(c.beacon, location),
  };
}

/** `{url, keys}` of the beacon to follow (§13.3.5), or null: the fixed prefix. A malformed one is an error. */
function resolveBeacon(b, location) {
  if (b === undefined || b === null) return null;
  const keys = Array.isArray(b?.keys) ? b.keys.filter((k) => (k !== null && typeof k === 'object') || typeof k === 'string') : [];
  if (typeof b.url !== 'string' || b.url === '' || keys.length === 0) {
    throw new Error('config.json: beacon needs a url and at least one key');
  }
  return { url: new URL(b.url, location.href).href, keys };
}
