// Drives one namespace unit by hand: events in, effects out, with a fake clock.
import { NamespaceUnit } from '../../main/resources/io/meshkit/web/app/js/mesh/core/unit.js';
import { seeded } from '../../main/resources/io/meshkit/web/app/js/mesh/core/prng.js';
import { PREFIX, NS, uuidOf } from './world.js';

export const slotId = (k) => `${PREFIX}-${NS}-${k}`;
export const did = (name) => `${PREFIX}-${NS}-${uuidOf(name)}`;

export class Driver {
  constructor({ name = 'me', timings = {}, seed = 1 } = {}) {
    this.now = 1_718_000_000_000;
    this.unit = new NamespaceUnit({ prefix: PREFIX, ns: NS, discoveryUUID: uuidOf(name), name,
      transportID: `${PREFIX}-t-${name}`, timings, random: seeded(seed) });
    this.id = this.unit.discoveryId;
    this.timers = new Map();
    this.log = [];
  }

  step(event) {
    const fx = this.unit.step(event, this.now);
    for (const e of fx) {
      if (e.type === 'timer') this.timers.set(e.key, e.at);
      if (e.type === 'cancel-timer') this.timers.delete(e.key);
    }
    this.log.push(...fx);
    return fx;
  }

  /** Advances the clock by `ms`, firing due timers in order. */
  advance(ms) {
    const end = this.now + ms;
    const out = [];
    for (;;) {
      let next = null;
      for (const [key, at] of this.timers) if (at <= end && (next === null || at < next[1])) next = [key, at];
      if (next === null) break;
      this.now = Math.max(this.now, next[1]);
      this.timers.delete(next[0]);
      out.push(...this.step({ type: 'timer', key: next[0] }));
    }
    this.now = end;
    return out;
  }

  /** Start, hold the Discovery ID, win slot k (claims of lower slots are taken and their connects fail). */
  becomeRouter(k = 1) {
    this.step({ type: 'start' });
    this.step({ type: 'claim-won', id: this.id });
    for (let j = 1; j < k; j++) this.unit.election.mark(j, 'vanished', this.now);
    if (k > 1) this.unit.election.begin(this.now);
    const fx = this.step({ type: 'claim-won', id: slotId(k) });
    if (this.unit.mode !== 'router') throw new Error('not router');
    return fx;
  }

  /** Opens an incoming link on our slot from `remote`. */
  open(remote, k = 1) {
    return this.step({ type: 'link-open', local: slotId(k), remote, incoming: true });
  }

  message(remote, data, k = 1, local = slotId(k)) {
    return this.step({ type: 'link-message', local, remote, data, size: Buffer.byteLength(JSON.stringify(data)) });
  }

  checkin(name, k = 1, extra = {}) {
    return this.message(did(name), { type: 'checkin', discoveryID: did(name), friendlyname: name, ...extra }, k);
  }

  /** Opens a link from `name` and checks it in. */
  join(name, k = 1, extra = {}) {
    this.open(did(name), k);
    return this.checkin(name, k, extra);
  }

  get listed() {
    return this.unit.listed().map((e) => e.friendlyName);
  }
}

export const sends = (fx, to) => fx.filter((e) => e.type === 'send' && (to === undefined || e.remote === to)).map((e) => e.message);
export const closes = (fx) => fx.filter((e) => e.type === 'close').map((e) => e.remote);
