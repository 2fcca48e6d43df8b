// Shared by the Node load generators: options, /proc sampling of the server under test, result
// files in the same key=value format as the Java generators (bench/results/*.properties), and the
// packages from tools/node (installed by .ci/run with `npm ci`; versions pinned in its lockfile).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { execSync } from 'node:child_process';

/** require() resolving from tools/node/node_modules, whatever the working directory. */
export const toolsRequire = createRequire(new URL('../../tools/node/package.json', import.meta.url));

/** `--name value` pairs; anything else is an error. */
export function parseArgs(argv) {
  const values = new Map();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || i + 1 >= argv.length) throw new Error(`expected --name value, got: ${a}`);
    values.set(a.slice(2), argv[++i]);
  }
  return {
    string: (name, dflt) => values.get(name) ?? dflt,
    int: (name, dflt) => (values.has(name) ? Number.parseInt(values.get(name), 10) : dflt),
    num: (name, dflt) => (values.has(name) ? Number(values.get(name)) : dflt),
    required: (name) => {
      if (!values.has(name)) throw new Error(`missing --${name}`);
      return values.get(name);
    },
    /** Runs the shell command in option `name`, if any (JFR start/stop hooks), and waits for it. */
    hook: (name) => {
      const cmd = values.get(name);
      if (cmd && cmd.trim()) execSync(cmd, { stdio: 'inherit', shell: '/bin/sh', timeout: 60_000 });
    },
  };
}

/** Monotonic nanoseconds as a Number (exact below 2^53 ns, about 104 days of uptime). */
export const nowNanos = () => Number(process.hrtime.bigint());

/**
 * CPU time (user and system apart, all threads) and memory of a process from /proc/PID/stat and
 * /proc/PID/status; the same fields the Java generators read (bench ProcStats).
 */
export function procSample(pid, clkTck) {
  const t = nowNanos();
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).trim().split(' ');
    const user = Number(f[11]) / clkTck;
    const sys = Number(f[12]) / clkTck;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => {
      const m = status.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'));
      return m ? Number(m[1]) : 0;
    };
    const threads = status.match(/^Threads:\s+(\d+)/m);
    return { t, user, sys, rssKib: kib('VmRSS'), hwmKib: kib('VmHWM'), threads: threads ? Number(threads[1]) : 0 };
  } catch {
    return { t, user: 0, sys: 0, rssKib: 0, hwmKib: 0, threads: 0 };
  }
}

/**
 * CPU seconds the whole machine spent busy (user, nice, system, irq, softirq, steal of /proc/stat):
 * with the server's and the generator's own, what other processes took during a window.
 */
export function machineBusy(clkTck) {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    return [1, 2, 3, 6, 7, 8].reduce((a, i) => a + Number(f[i]), 0) / clkTck;
  } catch {
    return 0;
  }
}

/** CPU % of one core other processes used in a window (machine busy − server − generator). */
export function othersPct(m0, m1, s0, s1, g0, g1) {
  const s = (s1.t - s0.t) / 1e9;
  return s <= 0 ? 0 : (100 * (m1 - m0 - (s1.user + s1.sys - s0.user - s0.sys) - (g1.user + g1.sys - g0.user - g0.sys))) / s;
}

/** Percent of one core between two samples: all, user, system. */
export function cpu(from, to) {
  const s = (to.t - from.t) / 1e9;
  if (s <= 0) return { all: 0, user: 0, sys: 0 };
  return {
    all: (100 * (to.user + to.sys - from.user - from.sys)) / s,
    user: (100 * (to.user - from.user)) / s,
    sys: (100 * (to.sys - from.sys)) / s,
  };
}

/** Ordered key=value lines, numbers with three decimals like the Java Result. */
export class Result {
  constructor() {
    this.values = [];
  }
  put(key, value) {
    const v = typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(3) : String(value);
    this.values.push([key, v.replace(/\n/g, ' ')]);
    return this;
  }
  write(file) {
    const text = this.values.map(([k, v]) => `${k}=${v}\n`).join('');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    process.stdout.write(text);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
