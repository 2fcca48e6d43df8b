// The messages of docs/PROTOCOL.md §5: the spec's own examples, byte sizes, hostile input, fuzzing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as wire from '../../main/resources/io/meshkit/web/app/js/mesh/core/wire.js';
import { seeded } from '../../main/resources/io/meshkit/web/app/js/mesh/core/prng.js';

const SPEC = readFileSync(fileURLToPath(new URL('../../../../docs/PROTOCOL.md', import.meta.url)), 'utf8');

/** Every one-line JSON example of §5 (messages) in the order the spec shows them. */
function specExamples() {
  const section = SPEC.slice(SPEC.indexOf('## 5. Messages'), SPEC.indexOf('## 6. Election'));
  const out = [];
  for (const block of section.matchAll(/```json\n([\s\S]*?)```/g)) {
    for (const line of block[1].split('\n')) if (line.trim()) out.push(line);
  }
  return out;
}

const bytes = (s) => Buffer.byteLength(s, 'utf8');

test('every example of §5 decodes, and re-encodes to the same bytes (the minimal check-in gains protocol)', () => {
  const examples = specExamples();
  assert.ok(examples.length >= 14, `found ${examples.length} examples`);
  const types = new Set();
  for (const text of examples) {
    const d = wire.decode(JSON.parse(text), bytes(text));
    assert.equal(d.kind, 'message', text);
    types.add(d.message.type);
    const again = JSON.stringify(wire.encode(d.message));
    if (text.includes('"checkin"') && !text.includes('"protocol"')) {
      assert.equal(again, text.replace('{"type":"checkin",', '{"type":"checkin","protocol":2,'));
    } else {
      assert.equal(again, text);
    }
  }
  assert.deepEqual([...types].sort(), [...wire.KNOWN_TYPES].sort());
});

test('the byte sizes the spec gives in brackets', () => {
  const sizes = specExamples().map(bytes);
  // checkin 242/116, welcome 716, delta 291/130, ping 15/27, pong 27, resync 17, moved 54, leaving 92/33,
  // merge 229, refused 40
  assert.deepEqual(sizes, [242, 116, 716, 291, 130, 15, 27, 27, 17, 54, 92, 33, 229, 40]);
});

test('the entry example of §4.2 decodes and re-encodes exactly', () => {
  const text = SPEC.slice(SPEC.indexOf('### 4.2')).match(/```json\n(.*)\n```/)[1];
  assert.equal(JSON.stringify(wire.entry(wire.decodeEntry(JSON.parse(text)))), text);
});

const ID = 'mesh-n41c0c7ed3b598e44-a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const UUID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const goodEntry = () => ({ discoveryID: ID, friendlyName: 'Zoë', lastSeen: 1, discoveryUUID: UUID });
const goodWelcome = () => ({ type: 'welcome', slot: 1, routerDiscoveryID: ID, version: 0, part: 1, parts: 1,
  entries: [goodEntry()] });

test('unknown types and members are ignored; protocol absent means 2, above 2 accepted, below refused', () => {
  assert.deepEqual(wire.decode({ type: 'hello', x: 1 }), { kind: 'unknown' });
  assert.deepEqual(wire.decode({ type: 'toString' }), { kind: 'unknown' });
  assert.deepEqual(wire.decode({ type: '__proto__' }), { kind: 'unknown' });
  const d = wire.decode({ type: 'ping', extra: { deep: [1] }, version: 3 });
  assert.deepEqual(d, { kind: 'message', message: { type: 'ping', version: 3 } });
  const w = wire.decode({ ...goodWelcome(), protocol: 3, future: true, entries: [{ ...goodEntry(), more: 'x' }] });
  assert.equal(w.kind, 'message');
  assert.deepEqual(Object.keys(w.message.entries[0]), ['discoveryID', 'friendlyName', 'lastSeen', 'discoveryUUID']);
  assert.equal(wire.decode({ ...goodWelcome(), protocol: 1 }).kind, 'invalid');
  assert.equal(wire.decode({ ...goodWelcome(), protocol: null }).kind, 'message');
  assert.equal(wire.decode({ type: 'checkin', discoveryID: ID, friendlyname: 'a', protocol: 2.5 }).kind, 'invalid');
});

test('part 1 format and non-objects are invalid, never thrown', () => {
  for (const v of [{ t: 'in', m: ['d', 'n', 'u', 't'] }, null, undefined, 1, 'ping', [], [{ type: 'ping' }], true,
    new Uint8Array(3), new ArrayBuffer(2), { type: 7 }, { type: null }, Object.create(null)]) {
    assert.equal(wire.decode(v).kind, 'invalid', typeof v);
  }
});

test('each rule of §5 makes a message invalid', () => {
  const bad = [
    { type: 'checkin', friendlyname: 'a' },
    { type: 'checkin', discoveryID: ID, friendlyname: '' },
    { type: 'checkin', discoveryID: ID, friendlyname: 'A\u202E' },
    { type: 'checkin', discoveryID: ID, friendlyname: 'a', discoveryUUID: 'ffffffff-0000' },
    { type: 'checkin', discoveryID: ID, friendlyname: 'a', discoveryUUID: 'short' },
    { type: 'checkin', discoveryID: ID, friendlyname: 'a', transportID: 'bad id!' },
    { type: 'checkin', discoveryID: 'x'.repeat(129), friendlyname: 'a' },
    { type: 'checkin', discoveryID: ID, friendlyname: ['a'] },
    { ...goodWelcome(), slot: 0 },
    { ...goodWelcome(), slot: 65 },
    { ...goodWelcome(), version: -1 },
    { ...goodWelcome(), version: 2 ** 53 },
    { ...goodWelcome(), version: '7' },
    { ...goodWelcome(), part: 2 },
    { ...goodWelcome(), parts: 1001, part: 1 },
    { ...goodWelcome(), successor: 'not an id!' },
    { ...goodWelcome(), entries: new Array(513).fill(goodEntry()) },
    { ...goodWelcome(), entries: [{ ...goodEntry(), discoveryUUID: 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }] },
    { ...goodWelcome(), entries: [{ ...goodEntry(), lastSeen: 1.5 }] },
    { ...goodWelcome(), entries: [{ ...goodEntry(), friendlyName: ' x' }] },
    { ...goodWelcome(), entries: [{ ...goodEntry(), transportID: 5 }] },
    { ...goodWelcome(), entries: {} },
    { type: 'delta', version: 0, upserts: [], removed: [] },
    { type: 'delta', version: 1, upserts: [], removed: ['bad id!'] },
    { type: 'delta', version: 1, upserts: [], removed: new Array(1025).fill(ID) },
    { type: 'delta', version: 1, upserts: [] },
    { type: 'ping', version: -3 },
    { type: 'pong', version: 'x' },
    { type: 'moved' },
    { type: 'moved', routerID: '' },
    { type: 'leaving' },
    { type: 'leaving', successor: 3 },
    { type: 'merge', slot: 2 },
    { type: 'merge', slot: 2, entries: [{}] },
    { type: 'refused', reason: 'Too-Slow' },
    { type: 'refused', reason: 'a'.repeat(33) },
    { type: 'refused' },
  ];
  for (const m of bad) {
    const d = wire.decode(m);
    assert.equal(d.kind, 'invalid', JSON.stringify(m).slice(0, 200));
    assert.equal(d.type, m.type);
  }
  assert.equal(wire.decode({ type: 'delta', version: 1, upserts: [], removed: new Array(1024).fill(ID) }).kind, 'message');
  assert.equal(wire.decode({ ...goodWelcome(), entries: new Array(512).fill(goodEntry()) }).kind, 'message');
});

test('size limits (§3.3): above 16,299 bytes is too large, 16,299 is decoded', () => {
  assert.deepEqual(wire.decode({ type: 'ping' }, 16_300), { kind: 'too-large' });
  assert.equal(wire.decode({ type: 'ping' }, 16_299).kind, 'message');
});

test('a successor that is absent means "unchanged" in a delta, "" in a welcome', () => {
  assert.equal(wire.decode({ type: 'delta', version: 1, upserts: [], removed: [] }).message.successor, undefined);
  assert.equal(wire.decode({ type: 'delta', version: 1, upserts: [], removed: [], successor: null }).message.successor, undefined);
  assert.equal(wire.decode({ type: 'delta', version: 1, upserts: [], removed: [], successor: '' }).message.successor, '');
  assert.equal(wire.decode(goodWelcome()).message.successor, '');
  // A sender always writes it (§5.3): "successor":"" when there is none.
  assert.equal(JSON.stringify(wire.welcome({ slot: 1, routerDiscoveryID: ID, version: 0, successor: '', part: 1, parts: 1,
    entries: [] })), `{"type":"welcome","protocol":2,"slot":1,"routerDiscoveryID":"${ID}","version":0,"successor":"",`
    + '"part":1,"parts":1,"entries":[]}');
});

// ---------------------------------------------------------------- fuzzing: no input throws

function randomValue(r, depth = 0) {
  const pick = Math.floor(r() * (depth > 3 ? 6 : 9));
  const strings = ['type', 'checkin', 'welcome', 'delta', 'merge', ID, UUID, '', '😀', 'A\u202E', '__proto__',
    'constructor', 'x'.repeat(200), 'mesh-n41c0c7ed3b598e44-2'];
  switch (pick) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return [0, -1, 1.5, 2 ** 53, NaN, Infinity, 7, 65, 1e300][Math.floor(r() * 9)];
    case 3: case 4: return strings[Math.floor(r() * strings.length)];
    case 5: return undefined;
    case 6: return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: {
      const o = {};
      const keys = ['type', 'protocol', 'discoveryID', 'friendlyname', 'friendlyName', 'entries', 'upserts', 'removed',
        'version', 'slot', 'part', 'parts', 'successor', 'routerID', 'reason', 'lastSeen', 'discoveryUUID',
        'transportID', 'routerDiscoveryID', '__proto__'];
      const n = Math.floor(r() * 8);
      for (let i = 0; i < n; i++) o[keys[Math.floor(r() * keys.length)]] = randomValue(r, depth + 1);
      if (r() < 0.7) o.type = wire.KNOWN_TYPES[Math.floor(r() * wire.KNOWN_TYPES.length)];
      return o;
    }
  }
}

test('random values never make the decoder throw; what it accepts re-encodes to what it decodes to again', () => {
  const r = seeded(12);
  let accepted = 0;
  for (let i = 0; i < 50_000; i++) {
    const v = randomValue(r);
    const d = wire.decode(v);
    assert.ok(['message', 'unknown', 'invalid'].includes(d.kind));
    if (d.kind === 'message') {
      accepted++;
      const again = wire.decode(JSON.parse(JSON.stringify(wire.encode(d.message))));
      assert.deepEqual(again, d);
    }
  }
  assert.ok(accepted > 100, `only ${accepted} accepted: the generator does not reach valid messages`);
});

test('mutating the spec examples never makes the decoder throw', () => {
  const r = seeded(99);
  const examples = specExamples().map((t) => JSON.parse(t));
  const mutate = (v, depth) => {
    if (Array.isArray(v)) return v.map((x) => (r() < 0.3 ? mutate(x, depth + 1) : x));
    if (v && typeof v === 'object') {
      const o = { ...v };
      for (const k of Object.keys(o)) if (r() < 0.3) o[k] = r() < 0.5 ? randomValue(r, depth) : mutate(o[k], depth + 1);
      if (r() < 0.1) delete o[Object.keys(o)[0]];
      return o;
    }
    return r() < 0.5 ? randomValue(r, depth) : v;
  };
  for (let i = 0; i < 20_000; i++) {
    const d = wire.decode(mutate(examples[i % examples.length], 0));
    assert.ok(['message', 'unknown', 'invalid'].includes(d.kind));
  }
});

test('a getter that throws (not JSON, but never trust a value) does not escape', () => {
  const hostile = { get type() { throw new Error('boom'); } };
  assert.equal(wire.decode(hostile).kind, 'invalid');
  const inner = { type: 'moved', get routerID() { throw new Error('boom'); } };
  assert.equal(wire.decode(inner).kind, 'invalid');
});
