'use strict';
/*
 * Test harness around one PeerJS Peer per page. PeerJsBrowserIT drives it with page.evaluate; each
 * call returns a promise that settles on what the PeerJS client reports, or rejects after a
 * deadline with everything recorded so far (so a failure explains itself).
 *
 * Payloads travel in one plain-text notation both ways, so the Java side compares strings:
 *   "object <json>"  a value built with JSON.parse / reported with JSON.stringify
 *   "string <text>"
 *   "Uint8Array <hex bytes>" / "ArrayBuffer <hex bytes>", e.g. "Uint8Array 00 7f ff"
 */
window.mk = (() => {
  const events = [];
  const received = [];
  const conns = [];
  const waiters = new Set();
  let peer = null;

  function notify() {
    for (const check of [...waiters]) check();
  }

  function record(type, fields) {
    events.push(Object.assign({ type, at: Math.round(performance.now()) }, fields || {}));
    notify();
  }

  /** Resolves with pred()'s first truthy value; rejects after ms with the event log. */
  function until(pred, ms, what) {
    return new Promise((resolve, reject) => {
      let timer;
      const check = () => {
        const value = pred();
        if (value) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(value);
        }
      };
      timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; events: ${JSON.stringify(events)}`));
      }, ms);
      waiters.add(check);
      check();
    });
  }

  function hex(bytes) {
    return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join(' ');
  }

  function unhex(text) {
    return new Uint8Array(text.split(' ').filter(s => s.length).map(s => parseInt(s, 16)));
  }

  function encode(spec) {
    const space = spec.indexOf(' ');
    const kind = space < 0 ? spec : spec.slice(0, space);
    const body = space < 0 ? '' : spec.slice(space + 1);
    switch (kind) {
      case 'object': return JSON.parse(body);
      case 'string': return body;
      case 'Uint8Array': return unhex(body);
      case 'ArrayBuffer': return unhex(body).buffer;
      default: throw new Error('unknown payload kind: ' + kind);
    }
  }

  function describe(data) {
    if (typeof data === 'string') return 'string ' + data;
    if (data instanceof ArrayBuffer) return 'ArrayBuffer ' + hex(new Uint8Array(data));
    if (ArrayBuffer.isView(data)) {
      return data.constructor.name + ' ' + hex(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
    return 'object ' + JSON.stringify(data);
  }

  function watch(conn, direction) {
    conns.push(conn);
    record('connection', { peer: conn.peer, direction, serialization: conn.serialization });
    conn.on('open', () => record('conn-open', { peer: conn.peer, connectionId: conn.connectionId }));
    conn.on('data', data => {
      received.push(describe(data));
      notify();
    });
    conn.on('close', () => record('conn-close', { peer: conn.peer }));
    conn.on('error', e => record('conn-error', { peer: conn.peer, errType: e.type, message: String(e.message) }));
  }

  /** The first event at index >= from that matches. */
  function eventSince(from, test) {
    return events.slice(from).find(test);
  }

  return {
    events,
    received,

    /**
     * Creates this page's Peer on the given server ({host, port}); id null asks the server for one.
     * Resolves with {id} on 'open' or {error: type} on the first peer error.
     */
    start(server, id, ms) {
      const from = events.length;
      peer = new Peer(id || undefined, {
        host: server.host,
        port: server.port,
        path: '/',
        key: 'peerjs',
        secure: false,
        debug: 2,
        // No ICE servers: the pages share a namespace, host candidates suffice and nothing outside is reachable.
        config: { iceServers: [] },
      });
      peer.on('open', openedId => record('open', { id: openedId }));
      peer.on('error', e => record('error', { errType: e.type, message: String(e.message) }));
      peer.on('disconnected', () => record('disconnected', {}));
      peer.on('close', () => record('close', {}));
      peer.on('connection', conn => watch(conn, 'in'));
      return until(() => {
        const e = eventSince(from, ev => ev.type === 'open' || ev.type === 'error');
        return e && (e.type === 'open' ? { id: e.id } : { error: e.errType });
      }, ms, 'open or error');
    },

    /** Connects to remoteId; resolves with {open: true} when the channel opens, or {error: type}. */
    connect(remoteId, serialization, ms) {
      const from = events.length;
      const conn = peer.connect(remoteId, { serialization, reliable: true });
      watch(conn, 'out');
      return until(() => {
        const e = eventSince(from, ev =>
          (ev.type === 'conn-open' && ev.connectionId === conn.connectionId)
          || ev.type === 'error' || ev.type === 'conn-error');
        return e && (e.type === 'conn-open' ? { open: true } : { error: e.errType });
      }, ms, 'connection to ' + remoteId + ' to open');
    },

    /** Resolves once an incoming connection from remoteId is open. */
    awaitIncoming(remoteId, ms) {
      return until(() => conns.find(c => c.peer === remoteId && c.open) && true, ms,
        'an open incoming connection from ' + remoteId);
    },

    /** Sends each payload (in the notation above) on the open connection with remoteId. */
    send(remoteId, specs) {
      const conn = conns.find(c => c.peer === remoteId && c.open);
      if (!conn) throw new Error('no open connection with ' + remoteId + '; events: ' + JSON.stringify(events));
      for (const spec of specs) conn.send(encode(spec));
    },

    /** Resolves with everything received once at least count payloads arrived. */
    awaitReceived(count, ms) {
      return until(() => received.length >= count && received.slice(), ms,
        count + ' payloads (have ' + JSON.stringify(received) + ')');
    },

    /** Disconnects from the server; resolves once the client reports 'disconnected'. */
    disconnect(ms) {
      const from = events.length;
      peer.disconnect();
      return until(() => eventSince(from, ev => ev.type === 'disconnected') && true, ms, 'disconnected');
    },

    /** Reconnects; resolves with {id} on the next 'open' or {error: type}. */
    reconnect(ms) {
      const from = events.length;
      peer.reconnect();
      return until(() => {
        const e = eventSince(from, ev => ev.type === 'open' || ev.type === 'error');
        return e && (e.type === 'open' ? { id: e.id } : { error: e.errType });
      }, ms, 'open after reconnect');
    },

    /** What the client thinks of its server link. */
    status() {
      return { id: peer && peer.id, open: !!(peer && peer.open), disconnected: !!(peer && peer.disconnected),
        destroyed: !!(peer && peer.destroyed) };
    },
  };
})();
