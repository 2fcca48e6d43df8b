// The namespace of a network: a keyed hash of the public IP address (docs/PROTOCOL.md §2.2).
//
// ns = "n" + first 16 hex digits of HMAC-SHA256(key = UTF-8(prefix), message = ASCII(canonical)), where
// canonical is "ip4:" + dotted quad (also for an IPv4-mapped IPv6 address) or "ip6:" + the /64 as 16 hex
// digits. The HMAC is WebCrypto's (browser and Node), never hand-written.

import { isValidIdPart } from './ids.js';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The four bytes of a dotted-quad IPv4 address, or null. Leading zeros are refused (octal-looking). */
export function parseIpv4(text) {
  const m = IPV4.exec(text);
  if (!m) return null;
  const bytes = [];
  for (let i = 1; i <= 4; i++) {
    if (m[i].length > 1 && m[i][0] === '0') return null;
    const n = Number(m[i]);
    if (n > 255) return null;
    bytes.push(n);
  }
  return bytes;
}

/**
 * The 16 bytes of an IPv6 address in text form (RFC 4291 §2.2: `::` once, an embedded dotted quad at
 * the end, brackets and a zone `%…` tolerated), or null.
 */
export function parseIpv6(text) {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.length === 0 || s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (half) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const words = [];
  const pushAll = (list, out) => {
    for (let i = 0; i < list.length; i++) {
      const g = list[i];
      if (g.includes('.')) {
        if (i !== list.length - 1) return false;
        const v4 = parseIpv4(g);
        if (!v4) return false;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return false;
        out.push(parseInt(g, 16));
      }
    }
    return true;
  };
  const headWords = [];
  const tailWords = [];
  if (!pushAll(head, headWords) || !pushAll(tail, tailWords)) return null;
  if (halves.length === 2 && head.some((g) => g.includes('.'))) return null;
  if (halves.length === 1) {
    if (headWords.length !== 8) return null;
    words.push(...headWords);
  } else {
    const missing = 8 - headWords.length - tailWords.length;
    if (missing < 1) return null;
    words.push(...headWords, ...new Array(missing).fill(0), ...tailWords);
  }
  const bytes = [];
  for (const w of words) bytes.push(w >> 8, w & 0xff);
  return bytes;
}

/** The canonical form of an address (§2.2), or null when `ip` is not an IPv4 or IPv6 address. */
export function canonicalAddress(ip) {
  if (typeof ip !== 'string') return null;
  const v4 = parseIpv4(ip);
  if (v4) return 'ip4:' + v4.join('.');
  const v6 = parseIpv6(ip);
  if (!v6) return null;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  if (mapped) return 'ip4:' + v6.slice(12).join('.');
  return 'ip6:' + hex(v6.slice(0, 8));
}

function hex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** HMAC-SHA256 (RFC 2104) of `message` under `key`, both strings encoded as UTF-8, as lower-case hex. */
export async function hmacSha256Hex(key, message, subtle = globalThis.crypto.subtle) {
  const enc = new TextEncoder();
  const k = await subtle.importKey('raw', enc.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await subtle.sign('HMAC', k, enc.encode(message));
  return hex(new Uint8Array(mac));
}

/** The namespace of `ip` for `prefix`, e.g. `n41c0c7ed3b598e44`; rejects what is not an address. */
export async function namespaceOf(prefix, ip, subtle = globalThis.crypto.subtle) {
  if (!isValidIdPart(prefix)) throw new Error('invalid prefix');
  const canonical = canonicalAddress(ip);
  if (canonical === null) throw new Error('not an IP address');
  return 'n' + (await hmacSha256Hex(prefix, canonical, subtle)).slice(0, 16);
}
