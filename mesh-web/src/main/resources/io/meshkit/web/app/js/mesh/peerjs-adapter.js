// The thin adapter between a namespace unit (the sans-IO core) and the unmodified PeerJS 1.5.5 client:
// it reads the wall clock, runs the timers, holds one `Peer` per claimed ID and the links (DataConnections)
// keyed by (local ID, remote ID), and turns PeerJS callbacks into the unit's events. Events are queued and
// handled one at a time, so a callback fired while effects are being carried out never re-enters `step`.

const RELIABLE_JSON = Object.freeze({ reliable: true, serialization: 'json' }); // docs/PROTOCOL.md §3.2
const ACCEPTED_SERIALIZATIONS = new Set(['json', 'binary', 'binary-utf8']);
const RECONNECT_ATTEMPTS = 8; // same-token reconnects after a signaling drop, 0.5 s doubling to 8 s
const FLUSH_LIMIT_MS = 1_000; // how long a close or release waits for queued messages to leave
const encoder = new TextEncoder();

/** The size of a received value as the spec counts it: the UTF-8 bytes of its JSON text (§3.3). */
export function receivedSize(data) {
  try {
    const text = JSON.stringify(data);
    return text === undefined ? 0 : encoder.encode(text).length;
  } catch {
    return Number.POSITIVE_INFINITY; // not JSON-able (e.g. a cycle): refused as too large
  }
}

const PEER_UNAVAILABLE = /^Could not connect to peer (.+)$/; // peerjs 1.5.5 Peer, on the server's EXPIRE

/** Adds our handlers to a PeerJS emitter; `conn.off()` removes exactly those (never PeerJS's own). */
function listen(conn, handlers) {
  for (const [event, fn] of Object.entries(handlers)) conn.on(event, fn);
  const previous = conn.meshOff;
  conn.meshOff = () => {
    for (const [event, fn] of Object.entries(handlers)) conn.off(event, fn);
    conn.meshOff = previous;
    if (previous) previous();
  };
}

function unlisten(conn) {
  if (conn.meshOff) conn.meshOff();
}

export class PeerJsAdapter {
  /**
   * @param {object} o
   * @param {Function} o.Peer the PeerJS constructor (the vendored peerjs.min.js defines `window.Peer`)
   * @param {object} o.peerOptions options for every `new Peer(id, options)`: host, port, path, key, secure, config
   * @param {() => number} [o.clock] wall clock in Unix milliseconds
   * @param {(effect: object) => void} [o.notify] receives the unit's notifications (role, list, fault, log, stopped)
   * @param {(conn: object, localId: string) => void} [o.onContactLink] takes the connections accepted on the
   *   unit's Discovery ID: they are contact requests, not mesh links (§8.8); without it they are closed
   * @param {(conn: object, local: string, remote: string, incoming: boolean) => void} [o.onHandOff] takes the open
   *   links a meeting unit hands to the application (§13.2.4); from then on they are not the adapter's
   */
  constructor({ Peer, peerOptions, clock = () => Date.now(), notify = () => {}, onContactLink = null,
    onHandOff = null }) {
    this.Peer = Peer;
    this.peerOptions = peerOptions;
    this.clock = clock;
    this.notify = notify;
    this.onContactLink = onContactLink;
    this.onHandOff = onHandOff;
    this.unit = null;
    this.peers = new Map(); // ID -> {peer, open, released, conns: Map remote -> conn, pending: Map remote -> conn, reconnects}
    this.timers = new Map();
    this.queue = [];
    this.draining = false;
  }

  attach(unit) {
    this.unit = unit;
    return this;
  }

  /** Queues an event for the unit and handles the queue unless already doing so. */
  dispatch(event) {
    this.queue.push(event);
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const next = this.queue.shift();
        let effects;
        try {
          effects = this.unit.step(next, this.clock());
        } catch (e) {
          console.error('mesh core failed on', next.type, e); // our bug, never the remote's
          continue;
        }
        for (const fx of effects) this.execute(fx);
      }
    } finally {
      this.draining = false;
    }
  }

  execute(fx) {
    switch (fx.type) {
      case 'claim': return this.claim(fx.id);
      case 'release': return this.release(fx.id);
      case 'connect': return this.connect(fx.local, fx.remote);
      case 'send': return this.send(fx.local, fx.remote, fx.message);
      case 'close': return this.close(fx.local, fx.remote);
      case 'timer': return this.setTimer(fx.key, fx.at);
      case 'cancel-timer': return this.cancelTimer(fx.key);
      case 'hand-off': return this.handOff(fx.local, fx.remote, fx.incoming);
      case 'role': case 'list': case 'fault': case 'log': case 'stopped':
        if (fx.type === 'stopped') this.cancelAllTimers();
        return this.notify(fx);
      default:
        throw new Error(`unknown effect ${fx.type}`);
    }
  }

  // ---------------------------------------------------------------- IDs: one Peer (signaling connection) per ID

  claim(id) {
    const old = this.peers.get(id);
    if (old) this.destroy(id, old);
    const peer = new this.Peer(id, this.peerOptions);
    const rec = { peer, open: false, released: false, conns: new Map(), pending: new Map(), reconnects: 0 };
    this.peers.set(id, rec);
    peer.on('open', () => {
      if (rec.released) return;
      rec.reconnects = 0;
      if (rec.open) return; // a reconnect with the same token: still ours
      rec.open = true;
      this.dispatch({ type: 'claim-won', id });
    });
    peer.on('error', (err) => this.onPeerError(id, rec, err));
    peer.on('disconnected', () => this.onDisconnected(id, rec));
    peer.on('connection', (conn) => this.accept(id, rec, conn));
  }

  onPeerError(id, rec, err) {
    if (rec.released) return;
    const type = err?.type;
    if (type === 'unavailable-id') {
      // ID-TAKEN: someone else holds it; the server closes this socket.
      this.destroy(id, rec);
      this.dispatch({ type: 'claim-taken', id });
    } else if (type === 'peer-unavailable') {
      const m = PEER_UNAVAILABLE.exec(String(err.message ?? ''));
      const conn = m ? rec.pending.get(m[1]) : undefined;
      if (conn) {
        rec.pending.delete(m[1]);
        unlisten(conn);
        conn.close();
        this.dispatch({ type: 'link-closed', local: id, remote: m[1] });
      }
    } else if (type === 'server-error') {
      // The server's ERROR (a wrong key; no or a bad beacon under --require-beacon, §13.3.4): the claim is left
      // unanswered, which the core times out and tries again; the application is told why.
      this.notify({ type: 'fault', reason: 'signaling-refused', message: String(err.message ?? 'ERROR') });
    }
    // Other errors (network, socket-*) end in 'disconnected' or leave a claim unanswered, which the core times out.
  }

  onDisconnected(id, rec) {
    if (rec.released || rec.peer.destroyed) return;
    if (!rec.open || rec.reconnects >= RECONNECT_ATTEMPTS) {
      this.destroy(id, rec);
      if (rec.open) this.dispatch({ type: 'id-lost', id });
      return;
    }
    const delay = Math.min(500 * 2 ** rec.reconnects, 8_000);
    rec.reconnects += 1;
    setTimeout(() => {
      if (rec.released || rec.peer.destroyed || !rec.peer.disconnected) return;
      try {
        rec.peer.reconnect();
      } catch {
        this.onDisconnected(id, rec);
      }
    }, delay);
  }

  /** Release = destroy the Peer (the server frees the ID when the socket closes), after queued sends left. */
  release(id) {
    const rec = this.peers.get(id);
    if (!rec) return;
    rec.released = true;
    this.peers.delete(id);
    const conns = [...rec.conns.values(), ...rec.pending.values()];
    for (const c of conns) unlisten(c);
    flushed(conns).then(() => rec.peer.destroy());
  }

  destroy(id, rec) {
    rec.released = true;
    if (this.peers.get(id) === rec) this.peers.delete(id);
    for (const c of [...rec.conns.values(), ...rec.pending.values()]) unlisten(c);
    rec.peer.destroy();
  }

  // ---------------------------------------------------------------- links

  connect(local, remote) {
    const rec = this.peers.get(local);
    const fail = () => queueMicrotask(() => this.dispatch({ type: 'link-closed', local, remote }));
    if (!rec || !rec.open || rec.peer.disconnected) return fail();
    const previous = rec.pending.get(remote);
    if (previous) {
      unlisten(previous);
      previous.close();
    }
    const conn = rec.peer.connect(remote, RELIABLE_JSON);
    if (!conn) return fail();
    rec.pending.set(remote, conn);
    const failed = () => {
      if (rec.pending.get(remote) !== conn) return;
      rec.pending.delete(remote);
      unlisten(conn);
      conn.close();
      this.dispatch({ type: 'link-closed', local, remote });
    };
    listen(conn, {
      open: () => {
        if (rec.pending.get(remote) !== conn) return;
        rec.pending.delete(remote);
        unlisten(conn);
        this.adopt(local, rec, conn, false);
      },
      error: failed,
      close: failed,
    });
    return undefined;
  }

  accept(local, rec, conn) {
    if (rec.released) return conn.close();
    if (this.onContactLink && local === this.unit?.discoveryId) return this.onContactLink(conn, local);
    if (!ACCEPTED_SERIALIZATIONS.has(conn.serialization)) return conn.close(); // §3.2: MAY close raw/none
    listen(conn, {
      open: () => {
        unlisten(conn);
        if (rec.released || this.peers.get(local) !== rec) return conn.close();
        return this.adopt(local, rec, conn, true);
      },
      error: () => conn.close(),
    });
    return undefined;
  }

  /** An open connection becomes the link (local, remote); one with the same pair is replaced (§3.2). */
  adopt(local, rec, conn, incoming) {
    const remote = conn.peer;
    const old = rec.conns.get(remote);
    if (old && old !== conn) {
      unlisten(old);
      old.close();
    }
    rec.conns.set(remote, conn);
    const current = () => rec.conns.get(remote) === conn && !rec.released;
    const closed = () => {
      if (!current()) return;
      rec.conns.delete(remote);
      unlisten(conn);
      conn.close();
      this.dispatch({ type: 'link-closed', local, remote });
    };
    listen(conn, {
      data: (data) => {
        if (current()) this.dispatch({ type: 'link-message', local, remote, data, size: receivedSize(data) });
      },
      close: closed,
      error: closed,
    });
    // §7.4: ICE `disconnected`/`failed` means the peer is gone (PeerJS itself only closes on `failed`).
    const pc = conn.peerConnection;
    if (pc) {
      const onIce = () => {
        const s = pc.iceConnectionState;
        if (s === 'disconnected' || s === 'failed' || s === 'closed') closed();
      };
      pc.addEventListener('iceconnectionstatechange', onIce);
    }
    this.dispatch({ type: 'link-open', local, remote, incoming });
  }

  /** The link is the application's now (a meeting): the adapter forgets it; closing it is the taker's job. */
  handOff(local, remote, incoming) {
    const rec = this.peers.get(local);
    const conn = rec?.conns.get(remote);
    if (!conn) return;
    rec.conns.delete(remote);
    unlisten(conn);
    if (this.onHandOff) this.onHandOff(conn, local, remote, incoming);
    else conn.close();
  }

  send(local, remote, message) {
    const conn = this.peers.get(local)?.conns.get(remote);
    if (conn && conn.open) conn.send(message);
  }

  close(local, remote) {
    const rec = this.peers.get(local);
    if (!rec) return;
    const conn = rec.conns.get(remote) ?? rec.pending.get(remote);
    if (!conn) return;
    rec.conns.delete(remote);
    rec.pending.delete(remote);
    unlisten(conn);
    // A `refused` or `leaving` sent just before must still reach the peer (§3.3: nothing is dropped silently).
    flushed([conn]).then(() => conn.close());
  }

  // ---------------------------------------------------------------- timers

  setTimer(key, at) {
    this.cancelTimer(key);
    const handle = setTimeout(() => {
      this.timers.delete(key);
      this.dispatch({ type: 'timer', key });
    }, Math.max(0, at - this.clock()));
    this.timers.set(key, handle);
  }

  cancelTimer(key) {
    const handle = this.timers.get(key);
    if (handle !== undefined) clearTimeout(handle);
    this.timers.delete(key);
  }

  cancelAllTimers() {
    for (const key of [...this.timers.keys()]) this.cancelTimer(key);
  }
}

/**
 * Resolves when the connections' queued messages left PeerJS's buffer and the data channel's
 * (bounded wait), plus a short grace so the last SCTP packets go out before the channel closes.
 */
export function flushed(conns) {
  const start = Date.now();
  const empty = (c) => !c.open || ((c.bufferSize ?? 0) === 0 && (c.dataChannel?.bufferedAmount ?? 0) === 0);
  return new Promise((resolve) => {
    const poll = () => {
      if (conns.every(empty) || Date.now() - start > FLUSH_LIMIT_MS) setTimeout(resolve, 100);
      else setTimeout(poll, 20);
    };
    poll();
  });
}
