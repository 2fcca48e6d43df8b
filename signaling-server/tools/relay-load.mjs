// Quick relay load: N pairs of raw WebSocket clients ping-pong OFFER messages through a PeerJS
// signaling server (ours or the reference), one message in flight per pair. Prints relays/s and
// per-hop latency percentiles. Not a benchmark (the generator shares the CPU); a first figure.
// Usage: node relay-load.mjs PORT [PAIRS=1000] [SECONDS=10]   (run from tools/node for `ws`)
import WebSocket from 'ws';

const port = +process.argv[2];
const pairs = +(process.argv[3] ?? 1000);
const seconds = +(process.argv[4] ?? 10);
const url = (id) => `ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${id}&token=t`;
const payload = { sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' + 'a=x\r\n'.repeat(40), type: 'offer', connectionId: 'dc_1' };

let relays = 0;
let measuring = false;
const lat = [];
const open = (id) => new Promise((res, rej) => {
  const ws = new WebSocket(url(id));
  ws.once('message', (d) => (JSON.parse(d).type === 'OPEN' ? res(ws) : rej(new Error(String(d)))));
  ws.once('error', rej);
});
const t0 = Date.now();
const sockets = [];
for (let i = 0; i < pairs; i += 100) {
  const batch = [];
  for (let j = i; j < Math.min(pairs, i + 100); j++) batch.push(Promise.all([open(`a${j}`), open(`b${j}`)]));
  sockets.push(...(await Promise.all(batch)));
}
console.log(`${pairs * 2} clients open in ${Date.now() - t0} ms`);
sockets.forEach(([a, b], j) => {
  const hop = (from, to, dst) => from.on('message', (d) => {
    const m = JSON.parse(d);
    if (measuring) { relays++; lat.push(performance.now() - m.payload.t); }
    to.send(JSON.stringify({ type: 'OFFER', dst, payload: { ...payload, t: performance.now() } }));
  });
  hop(b, b, `a${j}`); // b answers a
  hop(a, a, `b${j}`); // a answers b
  a.send(JSON.stringify({ type: 'OFFER', dst: `b${j}`, payload: { ...payload, t: performance.now() } }));
});
await new Promise((r) => setTimeout(r, 2000)); // warm-up
measuring = true;
const start = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const secs = (performance.now() - start) / 1000;
lat.sort((x, y) => x - y);
const p = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))]?.toFixed(1);
console.log(`relays/s ${(relays / secs).toFixed(0)}  p50 ${p(0.5)} ms  p99 ${p(0.99)} ms  (${pairs} pairs, ${secs.toFixed(1)} s)`);
process.exit(0);
