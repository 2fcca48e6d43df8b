// Rendezvous namespaces of special contacts (docs/PROTOCOL.md §13.2.1–§13.2.3): the 10-minute UTC slots, their
// labels, the namespace and the pair's priority from HMAC-SHA256 under the shared secret, the back-off phase and
// the skew window, with the secret as raw bytes (the spec's vectors). The app itself keeps the secret as a
// non-extractable key and uses js/rendezvous/ (which takes the slot labels from here).

const SLOT_MILLIS = 600_000;
const SKEW_MILLIS = 120_000;
const encoder = new TextEncoder();
const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The slot of a time: floor(unixMillis / 600,000). */
export function slotIndex(unixMillis) {
  return Math.floor(unixMillis / SLOT_MILLIS);
}

/** "UTC-YYYY-MM-DD-HH-m" of the slot's start. */
export function slotLabel(index) {
  const d = new Date(index * SLOT_MILLIS);
  const pad = (n, w) => String(n).padStart(w, '0');
  return `UTC-${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}-`
    + `${pad(d.getUTCHours(), 2)}-${Math.floor(d.getUTCMinutes() / 10)}`;
}

async function hmac(secret, text, subtle) {
  const key = await subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(text)));
}

/** `{label, h, ns, priority}` of the slot `index` for a 32-byte shared secret. */
export async function rendezvousNamespace(secret, index, subtle = globalThis.crypto.subtle) {
  if (!(secret instanceof Uint8Array) || secret.length !== 32) throw new Error('the shared secret is 32 bytes');
  const label = slotLabel(index);
  const h = hex(await hmac(secret, label, subtle));
  return { label, h, ns: `rendezvous-${h.slice(0, 32)}`, priority: h.slice(32, 48) };
}

/** The pair's back-off phase: the first two bytes of HMAC-SHA256(secret, "meshkit-rendezvous-phase-v1"). */
export async function rendezvousPhase(secret, subtle = globalThis.crypto.subtle) {
  const h = await hmac(secret, 'meshkit-rendezvous-phase-v1', subtle);
  return (h[0] << 8) | h[1];
}

/** The slots a client at `unixMillis` holds: those of t − 1 min and t + 1 min (one, or two near a boundary). */
export function windowSlots(unixMillis) {
  const a = slotIndex(unixMillis - SKEW_MILLIS / 2);
  const b = slotIndex(unixMillis + SKEW_MILLIS / 2);
  return a === b ? [a] : [a, b];
}
