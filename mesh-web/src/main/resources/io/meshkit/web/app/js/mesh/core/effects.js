// The effects a namespace unit asks its adapter to carry out, collected during one step. Timers are
// effects too: the unit remembers every deadline it set, so a late or stale timer event is ignored.

export class Effects {
  constructor() {
    this.list = [];
    this.deadlines = new Map(); // timer key -> at
  }

  /** Takes the effects of this step. */
  drain() {
    const out = this.list;
    this.list = [];
    return out;
  }

  claim(id) { this.list.push({ type: 'claim', id }); }
  release(id) { this.list.push({ type: 'release', id }); }
  connect(local, remote) { this.list.push({ type: 'connect', local, remote }); }
  send(local, remote, message) { this.list.push({ type: 'send', local, remote, message }); }
  close(local, remote) { this.list.push({ type: 'close', local, remote }); }
  notify(effect) { this.list.push(effect); }

  /** Sets (or moves) timer `key` to fire at `at`. */
  setTimer(key, at) {
    this.deadlines.set(key, at);
    this.list.push({ type: 'timer', key, at });
  }

  cancelTimer(key) {
    if (this.deadlines.delete(key)) this.list.push({ type: 'cancel-timer', key });
  }

  hasTimer(key) {
    return this.deadlines.has(key);
  }

  /** True (and forgets the timer) when `key` is set and due at `now`; a stale event returns false. */
  takeDue(key, now) {
    const at = this.deadlines.get(key);
    if (at === undefined || at > now) return false;
    this.deadlines.delete(key);
    return true;
  }

  cancelAll(prefix) {
    for (const key of [...this.deadlines.keys()]) if (key.startsWith(prefix)) this.cancelTimer(key);
  }
}

/** A token bucket (capacity, refilled continuously) charged one token per `take`. */
export class TokenBucket {
  constructor(capacity, perMillis, now) {
    this.capacity = capacity;
    this.perMillis = perMillis; // tokens per millisecond
    this.tokens = capacity;
    this.at = now;
  }

  take(now) {
    if (now > this.at) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMillis);
      this.at = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
