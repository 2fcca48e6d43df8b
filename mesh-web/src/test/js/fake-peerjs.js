// A stand-in for the PeerJS 1.5.5 API surface the adapter uses (Peer: on/off, connect, destroy,
// reconnect; DataConnection: on/off, send, close, open, peer, serialization, bufferSize, dataChannel,
// peerConnection), recording what the adapter does.
export class Emitter {
  constructor() {
    this.handlers = new Map();
  }

  on(event, fn) {
    if (!this.handlers.has(event)) this.handlers.set(event, []);
    this.handlers.get(event).push(fn);
    return this;
  }

  off(event, fn) {
    const list = this.handlers.get(event) ?? [];
    const i = list.indexOf(fn);
    if (i >= 0) list.splice(i, 1);
    return this;
  }

  emit(event, ...args) {
    for (const fn of [...(this.handlers.get(event) ?? [])]) fn(...args);
  }

  count(event) {
    return (this.handlers.get(event) ?? []).length;
  }
}

export class FakeConn extends Emitter {
  constructor(peer, { serialization = 'json' } = {}) {
    super();
    this.peer = peer;
    this.serialization = serialization;
    this.open = false;
    this.closed = false;
    this.sent = [];
    this.bufferSize = 0;
    this.dataChannel = { bufferedAmount: 0 };
    this.ice = new EventTarget();
    this.ice.iceConnectionState = 'connected';
    this.peerConnection = this.ice;
  }

  send(m) {
    this.sent.push(m);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    const wasOpen = this.open;
    this.open = false;
    if (wasOpen) this.emit('close');
  }

  /** Test side: the channel opened. */
  opened() {
    this.open = true;
    this.emit('open');
  }

  setIce(state) {
    this.ice.iceConnectionState = state;
    this.ice.dispatchEvent(new Event('iceconnectionstatechange'));
  }
}

export function fakePeerClass() {
  const created = [];
  class FakePeer extends Emitter {
    constructor(id, options) {
      super();
      this.id = id;
      this.options = options;
      this.destroyed = false;
      this.disconnected = false;
      this.outgoing = [];
      created.push(this);
    }

    connect(remote, options) {
      const c = new FakeConn(remote, options);
      c.options = options;
      this.outgoing.push(c);
      return c;
    }

    destroy() {
      this.destroyed = true;
    }

    reconnect() {
      this.disconnected = false;
    }
  }
  FakePeer.created = created;
  return FakePeer;
}

/** A unit stand-in: records events, answers each with scripted effects, and checks it is never re-entered. */
export class ScriptedUnit {
  constructor(script = () => []) {
    this.events = [];
    this.depth = 0;
    this.maxDepth = 0;
    this.script = script;
  }

  step(event, now) {
    this.depth++;
    this.maxDepth = Math.max(this.maxDepth, this.depth);
    try {
      this.events.push({ ...event, now });
      return this.script(event) ?? [];
    } finally {
      this.depth--;
    }
  }
}
