// The minimal page mesh.html: the mesh client alone (the conformance tests read window.mesh). Settings come from
// the query string, e.g. mesh.html?host=203.0.113.1&port=9000&stun=stun:203.0.113.1:3478&echo=http://203.0.113.1:9000/ip&name=alice
import { MeshClient } from './mesh/mesh-client.js';

const q = new URLSearchParams(location.search);
const roleEl = document.getElementById('role');
const peersEl = document.getElementById('peers');
window.mesh = { events: [], role: null, routerId: null, peers: [], ready: null };

const client = new MeshClient({
  Peer: window.Peer,
  signaling: { host: q.get('host') ?? location.hostname,
    port: Number(q.get('port') ?? (location.port || (location.protocol === 'https:' ? 443 : 80))),
    path: q.get('path') ?? '/', key: q.get('key') ?? 'peerjs',
    secure: q.has('secure') ? q.get('secure') === 'true' : location.protocol === 'https:' },
  iceServers: q.getAll('stun').map((urls) => ({ urls })),
  stunUrls: q.getAll('stun'),
  ipEchoUrl: q.get('echo'),
  prefix: q.get('prefix') ?? 'mesh',
  name: q.get('name') ?? 'browser',
  timings: q.has('timings') ? JSON.parse(q.get('timings')) : {},
  onEvent(e) {
    window.mesh.events.push(e);
    if (e.event === 'ready') window.mesh.ready = e;
    if (e.event === 'role') {
      window.mesh.role = e.role;
      window.mesh.routerId = e.routerId;
      roleEl.textContent = e.role === 'router' ? 'You are the router' : e.role ? `Router: ${e.routerId}` : 'Looking for a router…';
    }
    if (e.event === 'network') {
      window.mesh.peers = e.peers;
      peersEl.replaceChildren(...e.peers.map((p) => Object.assign(document.createElement('li'), { textContent: p.name })));
    }
    if (e.event === 'discovery-off') roleEl.textContent = `Not on a network (${e.reason})`;
    if (e.event === 'fault') roleEl.textContent = `Problem: ${e.message ?? e.reason}`;
  },
});
window.meshClient = client;
client.start();
