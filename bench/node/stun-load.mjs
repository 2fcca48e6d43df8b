// The independent STUN load generator: Node's dgram sockets and the npm `stun` package's codec
// (nothing shared with the Java generator or our server). `sockets` UDP sockets, each bound to its
// own loopback source address (127.3.x.y) like the Java generator's, keep `inflight` Binding
// requests outstanding. Each slot's request is encoded once by the package; a send only rewrites
// the last 32 bits of its transaction ID (a sequence number). An answer counts when it is a
// success response to our transaction; every `decode-every`-th one (default 8; 1 = all) is also
// decoded whole by the package and its XOR-MAPPED-ADDRESS checked against the socket's own address
// and port (Node's per-packet cost is the generator's limit: a full decode of every answer halves
// its rate). Unanswered after `timeout-ms` = lost, replaced.
//
//   node bench/node/stun-load.mjs --system S --port P --sockets 64 --inflight 8 --warmup 5
//        --duration 15 --server-pid PID --clk-tck 100 --out bench/results/stun-S-node.properties
import dgram from 'node:dgram';
import { parseArgs, toolsRequire, nowNanos, procSample, cpu, machineBusy, othersPct, Result, sleep } from './common.mjs';

const stun = toolsRequire('stun');
const hdr = toolsRequire('hdr-histogram-js');
const args = parseArgs(process.argv.slice(2));
const host = args.string('host', '127.0.0.1');
const port = args.int('port', 3478);
const sockets = args.int('sockets', 64);
const inflight = args.int('inflight', 8);
const sourceIps = Math.max(1, Math.min(sockets, args.int('source-ips', sockets)));
const timeoutNanos = args.int('timeout-ms', 500) * 1e6;
const clkTck = args.int('clk-tck', 100);
const serverPid = args.int('server-pid', -1);
const decodeEvery = Math.max(1, args.int('decode-every', 8));
const MAX_MICROS = 10_000_000;
const MAGIC_COOKIE = 0x2112a442;
let sinceDecode = 0;
let decoded = 0;

const newHistogram = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: MAX_MICROS, numberOfSignificantValueDigits: 3 });
let histogram = newHistogram();
let answered = 0;
let lost = 0;
let malformed = 0;
let wrongAddress = 0;

/** Per socket and slot: send time (0 = still to send) and the transaction ID outstanding. */
const slots = [];
const socks = [];

function sourceAddress(n) {
  return `127.3.${Math.floor(n / 250)}.${1 + (n % 250)}`;
}

/** A 96-bit transaction ID naming its socket, slot and sequence (so a late answer is recognised). */
function transaction(s, k, seq) {
  const id = Buffer.allocUnsafe(12);
  id.writeUInt32BE(s, 0);
  id.writeUInt32BE(k, 4);
  id.writeUInt32BE(seq >>> 0, 8);
  return id;
}

function send(s, k, now) {
  const slot = slots[s][k];
  slot.seq = (slot.seq + 1) >>> 0;
  slot.request.writeUInt32BE(slot.seq, 16);
  slot.sentAt = now;
  socks[s].sock.send(slot.request, port, host, slot.onError);
}

function onMessage(s, msg, rinfo) {
  const now = nowNanos();
  // RFC 8489 section 5: type (success response 0x0101), length, magic cookie, transaction ID.
  if (msg.length < 20 || msg.readUInt16BE(0) !== stun.constants.STUN_BINDING_RESPONSE
      || msg.readUInt32BE(4) !== MAGIC_COOKIE || msg.readUInt32BE(8) !== s) {
    malformed++;
    return;
  }
  const k = msg.readUInt32BE(12);
  if (k >= inflight) {
    malformed++;
    return;
  }
  const slot = slots[s][k];
  if (msg.readUInt32BE(16) !== slot.seq || slot.sentAt === 0) return; // late: already counted lost
  if (++sinceDecode >= decodeEvery) {
    sinceDecode = 0;
    decoded++;
    let mapped = null;
    try {
      mapped = stun.decode(msg).getXorAddress();
    } catch {
      // counted below
    }
    if (!mapped || mapped.address !== socks[s].address || mapped.port !== socks[s].port) wrongAddress++;
  }
  histogram.recordValue(Math.min(MAX_MICROS, Math.max(1, Math.round((now - slot.sentAt) / 1000))));
  answered++;
  send(s, k, now);
}

function sweep() {
  const now = nowNanos();
  for (let s = 0; s < sockets; s++) {
    for (let k = 0; k < inflight; k++) {
      const at = slots[s][k].sentAt;
      if (at === 0) send(s, k, now);
      else if (now - at > timeoutNanos) {
        lost++;
        send(s, k, now);
      }
    }
  }
}

async function main() {
  for (let s = 0; s < sockets; s++) {
    const sock = dgram.createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
    const address = host === '127.0.0.1' ? sourceAddress(s % sourceIps) : undefined;
    await new Promise((resolve, reject) => {
      sock.once('error', reject);
      sock.bind({ address, port: 0 }, resolve);
    });
    socks.push({ sock, address: sock.address().address, port: sock.address().port });
    slots.push(Array.from({ length: inflight }, (_, k) => {
      const slot = { sentAt: 0, seq: 0, request: null, onError: null };
      slot.request = stun.createMessage(stun.constants.STUN_BINDING_REQUEST, transaction(s, k, 0)).toBuffer();
      slot.onError = (err) => {
        if (err) slot.sentAt = 0; // the next sweep retries it
      };
      return slot;
    }));
    sock.on('message', (msg, rinfo) => onMessage(s, msg, rinfo));
  }
  const timer = setInterval(sweep, 5);
  sweep();
  await sleep(args.int('warmup', 3) * 1000);
  histogram = newHistogram();
  answered = 0;
  lost = 0;
  decoded = 0;
  wrongAddress = 0;
  args.hook('on-window-start');
  const m0 = machineBusy(clkTck);
  const p0 = procSample(serverPid, clkTck);
  const g0 = procSample(process.pid, clkTck);
  await sleep(args.int('duration', 10) * 1000);
  const p1 = procSample(serverPid, clkTck);
  const g1 = procSample(process.pid, clkTck);
  const m1 = machineBusy(clkTck);
  const done = answered;
  args.hook('on-window-end');
  clearInterval(timer);
  const seconds = (p1.t - p0.t) / 1e9;
  const server = cpu(p0, p1);
  new Result()
    .put('bench', 'stun')
    .put('generator', 'node')
    .put('generator_stack', `Node ${process.version} dgram + npm stun ${toolsRequire('stun/package.json').version}`)
    .put('system', args.required('system'))
    .put('sockets', sockets)
    .put('inflight_per_socket', inflight)
    .put('source_ips', sourceIps)
    .put('warmup_s', args.int('warmup', 3))
    .put('window_s', seconds)
    .put('answered', done)
    .put('answered_per_s', done / seconds)
    .put('lost', lost)
    .put('malformed', malformed)
    .put('decoded_checked', decoded)
    .put('wrong_mapped_address', wrongAddress)
    .put('p50_ms', histogram.getValueAtPercentile(50) / 1000)
    .put('p99_ms', histogram.getValueAtPercentile(99) / 1000)
    .put('p999_ms', histogram.getValueAtPercentile(99.9) / 1000)
    .put('server_cpu_pct', server.all)
    .put('server_user_pct', server.user)
    .put('server_sys_pct', server.sys)
    .put('server_rss_mib', p1.rssKib / 1024)
    .put('server_hwm_mib', p1.hwmKib / 1024)
    .put('server_threads', p1.threads)
    .put('generator_cpu_pct', cpu(g0, g1).all)
    .put('others_cpu_pct', othersPct(m0, m1, p0, p1, g0, g1))
    .write(args.required('out'));
  for (const { sock } of socks) sock.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
