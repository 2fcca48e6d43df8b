// What the app keeps in IndexedDB: the identity key pair (a CryptoKey, stored as such), settings, contacts
// and chat history with the outbox, and the special contacts' shared secrets (non-extractable HMAC CryptoKeys, like
// the identity key: script can use them, never read them). Writes that a promise depends on (a message before its `ack` is sent,
// a message before the user is told it is queued) commit with durability "strict": on disk, not only in
// the operating system's cache, when the promise resolves.

const DB_NAME = 'meshkit-app';
const DB_VERSION = 2;
const OUT = 0;
const IN = 1;

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

function messageRecord(m, delivered = null) {
  const r = { contact: m.contact, dir: m.outgoing ? OUT : IN, seq: m.seq, id: m.id, sent: m.sent, text: m.text,
    at: m.outgoing ? m.sent : m.at, delivered };
  if (m.outgoing && delivered === null) r.queued = 1; // indexed while waiting: the outbox
  return r;
}

function fromRecord(r) {
  return { contact: r.contact, outgoing: r.dir === OUT, seq: r.seq, id: r.id, sent: r.sent, text: r.text, at: r.at,
    delivered: r.delivered ?? null };
}

export class Store {
  constructor(db) {
    this.db = db;
  }

  static async open(indexedDB = globalThis.indexedDB) {
    if (!indexedDB) throw new Error('IndexedDB is not available (a private window may not have it)');
    const open = indexedDB.open(DB_NAME, DB_VERSION);
    open.onupgradeneeded = (e) => {
      const db = open.result;
      if (e.oldVersion < 1) {
        db.createObjectStore('kv');
        db.createObjectStore('contacts', { keyPath: 'fingerprint' });
        const messages = db.createObjectStore('messages', { keyPath: ['contact', 'dir', 'seq'] });
        messages.createIndex('history', ['contact', 'at']);
        messages.createIndex('queued', 'queued');
      }
      if (e.oldVersion < 2) db.createObjectStore('specials', { keyPath: 'fingerprint' });
    };
    return new Store(await request(open));
  }

  tx(stores, mode = 'readonly') {
    return this.db.transaction(stores, mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
  }

  async get(key) {
    return request(this.tx(['kv']).objectStore('kv').get(key));
  }

  async put(key, value) {
    const tx = this.tx(['kv'], 'readwrite');
    tx.objectStore('kv').put(value, key);
    return done(tx);
  }

  async contacts() {
    return request(this.tx(['contacts']).objectStore('contacts').getAll());
  }

  async saveContact(c) {
    const tx = this.tx(['contacts'], 'readwrite');
    tx.objectStore('contacts').put(c);
    return done(tx);
  }

  /** The special contacts, each with its secret as a CryptoKey. */
  async specials() {
    return request(this.tx(['specials']).objectStore('specials').getAll());
  }

  async saveSpecial(s) {
    const tx = this.tx(['specials'], 'readwrite');
    tx.objectStore('specials').put(s);
    return done(tx);
  }

  /** Forgets a special contact and its secret (the pair ended it). */
  async deleteSpecial(fingerprint) {
    const tx = this.tx(['specials'], 'readwrite');
    tx.objectStore('specials').delete(fingerprint);
    return done(tx);
  }

  /** A message and the contact's new counters, in one transaction. */
  async saveMessage(m, contact) {
    const tx = this.tx(['messages', 'contacts'], 'readwrite');
    tx.objectStore('messages').put(messageRecord(m));
    tx.objectStore('contacts').put(contact);
    return done(tx);
  }

  async markDelivered(contact, seq, at) {
    const tx = this.tx(['messages'], 'readwrite');
    const store = tx.objectStore('messages');
    const r = await request(store.get([contact, OUT, seq]));
    if (r) {
      r.delivered = at;
      delete r.queued;
      store.put(r);
    }
    return done(tx);
  }

  /** Outgoing messages not acknowledged yet, every contact's. */
  async queued() {
    const rs = await request(this.tx(['messages']).objectStore('messages').index('queued').getAll());
    return rs.map(fromRecord);
  }

  /** The last `limit` messages with a contact, oldest first. */
  async history(contact, limit = 200) {
    const index = this.tx(['messages']).objectStore('messages').index('history');
    const range = IDBKeyRange.bound([contact, -Infinity], [contact, Infinity]);
    const out = [];
    await new Promise((resolve, reject) => {
      const cursor = index.openCursor(range, 'prev');
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c || out.length >= limit) return resolve();
        out.push(fromRecord(c.value));
        return c.continue();
      };
    });
    return out.reverse();
  }
}
