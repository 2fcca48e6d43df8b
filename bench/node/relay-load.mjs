// The independent relay generator: Node's `ws` client (the stack of peerjs-server's own tests and
// of most Node PeerJS tooling), nothing shared with the Java generator but the payload files of
// bench/payloads. Same phases, same result keys as io.meshkit.bench.relay.RelayLoad:
//  - pingpong (closed loop, one message in flight per pair): throughput and server CPU per relay;
//  - open (open loop): messages leave on a fixed schedule at an offered rate, in turn from every
//    client to its partner, carrying their intended send time; the receiver records
//    arrival − intended in an HdrHistogram (no coordinated omission). Node's timers fire at most
//    every millisecond, so sends go out up to ~1 ms after their intended time; that lateness is
//    recorded apart (send_lag_*) and is part of the latency figures, for both systems alike.
//
//   node bench/node/relay-load.mjs --system S --port P --pairs 1000 --warmup 10 --settle 3
//        --duration 15 --pingpong tiny,realistic --open realistic --open-pcts 25,50,75,100
//        [--ref-max R] --server-pid PID --clk-tck 100 --out-prefix bench/results/relay-S-node
import { readFileSync } from 'node:fs';
import { parseArgs, toolsRequire, nowNanos, procSample, cpu, machineBusy, othersPct, Result, sleep } from './common.mjs';

const WebSocket = toolsRequire('ws');
const hdr = toolsRequire('hdr-histogram-js');
const args = parseArgs(process.argv.slice(2));
const host = args.string('host', '127.0.0.1');
const port = args.int('port', 9000);
const pairs = args.int('pairs', 100);
const clkTck = args.int('clk-tck', 100);
const serverPid = args.int('server-pid', -1);
const payloadDir = args.string('payloads', 'bench/payloads');
const MAX_MICROS = 60_000_000;
const BASE = nowNanos() - 1;
const now = () => nowNanos() - BASE;

/** The mix's templates from bench/payloads/mixes.txt, each split around __T__ and __DST__. */
/** The PeerJS client's heartbeat (peerjs 1.5.5: pingInterval 5000 ms). */
const HEARTBEAT = '{"type":"HEARTBEAT"}';
const HEARTBEAT_MILLIS = 5_000;

function mix(name) {
  for (const line of readFileSync(`${payloadDir}/mixes.txt`, 'utf8').split('\n')) {
    const l = line.trim();
    if (!l || l.startsWith('#') || !l.startsWith(`${name}:`)) continue;
    return l.slice(name.length + 1).trim().split(/\s+/).map((file) => {
      const text = readFileSync(`${payloadDir}/${file}.json`, 'utf8').trim();
      const t = text.indexOf('__T__');
      const d = text.indexOf('__DST__');
      if (t < 0 || d < t) throw new Error(`${file}: needs __T__ and then __DST__`);
      return [text.slice(0, t), text.slice(t + 5, d), text.slice(d + 7)];
    });
  }
  throw new Error(`no mix '${name}' in ${payloadDir}/mixes.txt`);
}

const newHistogram = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: MAX_MICROS, numberOfSignificantValueDigits: 3 });

const state = {
  mode: 'idle',
  mix: [],
  windowStart: Infinity,
  windowEnd: Infinity,
  receivedInWindow: 0,
  sentInWindow: 0,
  unexpected: 0,
  closed: 0,
  latency: newHistogram(),
  lag: newHistogram(),
};

/** The number after the first "t": in the message, or -1. */
function readT(buf) {
  const i = buf.indexOf('"t":');
  if (i < 0) return -1;
  let v = 0;
  let j = i + 4;
  for (; j < buf.length; j++) {
    const b = buf[j];
    if (b < 48 || b > 57) break;
    v = v * 10 + (b - 48);
  }
  return j === i + 4 ? -1 : v;
}

class Side {
  constructor(id, token, partner) {
    this.id = id;
    this.token = token;
    this.partner = partner;
    this.ws = null;
    this.next = 0;
    this.received = 0;
  }

  open() {
    return new Promise((resolve, reject) => {
      const url = `ws://${host}:${port}/peerjs?key=peerjs&id=${this.id}&token=${this.token}&version=1.5.5`;
      const ws = new WebSocket(url, { perMessageDeflate: false });
      this.ws = ws;
      let opened = false;
      ws.on('message', (data) => {
        if (!opened) {
          if (data.includes('"OPEN"')) {
            opened = true;
            // As the PeerJS client does (pingInterval 5 s): both servers drop a client silent for alive_timeout
            // (60 s), whatever it relays, and a run's phases together last longer than that.
            let beat = setTimeout(() => {
              beat = setInterval(() => {
                if (ws.readyState === WebSocket.OPEN) ws.send(HEARTBEAT);
              }, HEARTBEAT_MILLIS);
              beat.unref();
            }, Math.random() * HEARTBEAT_MILLIS);
            beat.unref();
            ws.once('close', () => clearInterval(beat));
            resolve();
          } else reject(new Error(`server said: ${data.toString().slice(0, 120)}`));
          return;
        }
        this.onMessage(data);
      });
      ws.on('close', () => {
        if (opened) state.closed++;
        else reject(new Error('closed before OPEN'));
      });
      ws.on('error', (e) => {
        if (!opened) reject(e);
      });
    });
  }

  send(t) {
    const [beforeT, between, after] = state.mix[this.next];
    this.next = this.next + 1 === state.mix.length ? 0 : this.next + 1;
    // A string, as the PeerJS client sends (JSON.stringify): a text frame.
    this.ws.send(beforeT + t + between + this.partner + after);
  }

  onMessage(data) {
    const at = now();
    const t = readT(data);
    if (t < 0) {
      state.unexpected++;
      return;
    }
    this.received++;
    if (state.mode === 'pingpong') this.send(at);
    else if (t >= state.windowStart && t < state.windowEnd) {
      state.receivedInWindow++;
      state.latency.recordValue(Math.min(MAX_MICROS, Math.max(1, Math.round((at - t) / 1000))));
    }
  }
}

function reset(m, mode) {
  state.mix = m;
  state.mode = mode;
  state.latency = newHistogram();
  state.lag = newHistogram();
  state.receivedInWindow = 0;
  state.sentInWindow = 0;
  state.windowStart = Infinity;
  state.windowEnd = Infinity;
  for (const s of sides) s.next = 0;
}

const sides = [];

async function openAll(concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < sides.length) {
      const s = sides[next++];
      await s.open();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, sides.length) }, worker));
}

/** One window; `atStart`/`atEnd` run next to the server's CPU samples, so what they count is in its window. */
async function measure(duration, atStart = () => {}, atEnd = () => {}) {
  const phase = {};
  phase.m0 = machineBusy(clkTck);
  phase.s0 = procSample(serverPid, clkTck);
  atStart();
  phase.g0 = procSample(process.pid, clkTck);
  await sleep(duration * 1000);
  atEnd();
  phase.s1 = procSample(serverPid, clkTck);
  phase.g1 = procSample(process.pid, clkTck);
  phase.m1 = machineBusy(clkTck);
  return phase;
}

function result(w, mode, mixName, relays) {
  const seconds = (w.s1.t - w.s0.t) / 1e9;
  const user = w.s1.user - w.s0.user;
  const sys = w.s1.sys - w.s0.sys;
  const server = cpu(w.s0, w.s1);
  return new Result()
    .put('bench', 'relay')
    .put('generator', 'node')
    .put('generator_stack', `Node ${process.version}, ws ${toolsRequire('ws/package.json').version}`)
    .put('system', args.required('system'))
    .put('mode', mode)
    .put('mix', mixName)
    .put('pairs', pairs)
    .put('clients', sides.length)
    .put('window_s', seconds)
    .put('relays', relays)
    .put('relays_per_s', relays / seconds)
    .put('server_cpu_pct', server.all)
    .put('server_user_pct', server.user)
    .put('server_sys_pct', server.sys)
    .put('relays_per_cpu_s', user + sys <= 0 ? 0 : relays / (user + sys))
    .put('user_us_per_relay', relays === 0 ? 0 : (1e6 * user) / relays)
    .put('sys_us_per_relay', relays === 0 ? 0 : (1e6 * sys) / relays)
    .put('server_rss_mib', w.s1.rssKib / 1024)
    .put('server_hwm_mib', w.s1.hwmKib / 1024)
    .put('server_threads', w.s1.threads)
    .put('generator_cpu_pct', cpu(w.g0, w.g1).all)
    .put('others_cpu_pct', othersPct(w.m0, w.m1, w.s0, w.s1, w.g0, w.g1));
}

async function drain(quietMillis) {
  let last = -1;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const total = sides.reduce((a, s) => a + s.received, 0);
    if (total === last) return;
    last = total;
    await sleep(quietMillis);
  }
}

async function pingpong(m, mixName, warm, duration) {
  reset(m, 'pingpong');
  for (let i = 0; i < sides.length; i += 2) sides[i].send(now());
  await sleep(warm * 1000);
  const hooked = args.string('hook-phase', 'pingpong-realistic') === `pingpong-${mixName}`;
  if (hooked) args.hook('on-window-start');
  let before;
  let after;
  const w = await measure(duration, () => {
    before = sides.map((s) => s.received);
  }, () => {
    after = sides.map((s) => s.received);
  });
  if (hooked) args.hook('on-window-end');
  state.mode = 'idle';
  let relays = 0;
  let stalled = 0;
  for (let i = 0; i < sides.length; i += 2) {
    const d = after[i] - before[i] + after[i + 1] - before[i + 1];
    relays += d;
    if (d === 0) stalled++;
  }
  await drain(1000);
  return result(w, 'pingpong', mixName, relays)
    .put('stalled_pairs', stalled)
    .put('unexpected_messages', state.unexpected)
    .put('closed_clients', state.closed);
}

async function open(m, mixName, rate, warm, duration) {
  reset(m, 'open');
  const start = now();
  const interval = 1e9 / rate;
  let n = 0;
  state.windowStart = start + warm * 1e9;
  state.windowEnd = state.windowStart + duration * 1e9;
  const tick = () => {
    const at = now();
    for (;;) {
      const intended = start + Math.floor(n * interval);
      if (intended > at || intended >= state.windowEnd) return;
      sides[n % sides.length].send(intended);
      n++;
      if (intended >= state.windowStart) {
        state.sentInWindow++;
        state.lag.recordValue(Math.min(MAX_MICROS, Math.max(1, Math.round((at - intended) / 1000))));
      }
    }
  };
  const timer = setInterval(tick, 1);
  await sleep(Math.max(0, (state.windowStart - now()) / 1e6));
  const w = await measure(duration);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && state.receivedInWindow < state.sentInWindow) await sleep(50);
  clearInterval(timer);
  state.mode = 'idle';
  const h = state.latency;
  const r = result(w, 'open', mixName, state.receivedInWindow)
    .put('offered_per_s', rate)
    .put('sent_in_window', state.sentInWindow)
    .put('lost', state.sentInWindow - state.receivedInWindow)
    .put('p50_ms', h.getValueAtPercentile(50) / 1000)
    .put('p90_ms', h.getValueAtPercentile(90) / 1000)
    .put('p99_ms', h.getValueAtPercentile(99) / 1000)
    .put('p999_ms', h.getValueAtPercentile(99.9) / 1000)
    .put('max_ms', h.maxValue / 1000)
    .put('send_lag_p50_ms', state.lag.getValueAtPercentile(50) / 1000)
    .put('send_lag_p99_ms', state.lag.getValueAtPercentile(99) / 1000)
    .put('unexpected_messages', state.unexpected)
    .put('closed_clients', state.closed);
  await drain(500);
  return r;
}

async function main() {
  const run = (process.hrtime.bigint() % 1000000n).toString(36);
  for (let i = 0; i < pairs; i++) {
    const a = `na${run}x${i}`;
    const b = `nb${run}x${i}`;
    sides.push(new Side(a, `ta${i}`, b), new Side(b, `tb${i}`, a));
  }
  const t0 = nowNanos();
  await openAll(args.int('connect-concurrency', 200));
  console.error(`relay ${args.required('system')} (node): ${sides.length} clients open in ${((nowNanos() - t0) / 1e9).toFixed(2)} s`);
  const prefix = args.required('out-prefix');
  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
  const openMix = args.string('open', 'realistic');
  let first = true;
  let ownMax = 0;
  for (const name of list(args.string('pingpong', 'tiny,realistic'))) {
    const r = await pingpong(mix(name), name, first ? args.int('warmup', 10) : args.int('settle', 3), args.int('duration', 10));
    first = false;
    r.write(`${prefix}-pingpong-${name}.properties`);
    if (name === openMix) ownMax = Number(r.values.find(([k]) => k === 'relays_per_s')[1]);
  }
  const refMax = args.string('ref-max', '') ? Number(args.string('ref-max')) : ownMax;
  if (refMax > 0) {
    for (const pct of list(args.string('open-pcts', '25,50,75,100'))) {
      const rate = (refMax * Number(pct)) / 100;
      const r = await open(mix(openMix), openMix, rate, first ? args.int('warmup', 10) : args.int('settle', 3), args.int('duration', 10));
      first = false;
      r.put('offered_pct_of_ref_max', Number(pct)).put('ref_max_per_s', refMax).write(`${prefix}-open-${pct}.properties`);
    }
  }
  for (const s of sides) s.ws.terminate();
}

main().then(() => process.exit(0)).catch((e) => {
  console.error(e);
  process.exit(1);
});
