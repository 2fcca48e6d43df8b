// Finding the public address in a browser (docs/PROTOCOL.md §2.5): the srflx ICE candidate gathered with
// the application's STUN server, else the HTTP IP echo; off on a metered link. IPv4 first: an IPv4 srflx
// candidate wins over an IPv6 one, so that a dual-stack browser and a Java client meet in one namespace.

import { canonicalAddress, parseIpv4 } from './core/namespace.js';

const MAX_ECHO_BYTES = 1_024;

/**
 * @returns {Promise<{ip: string, source: 'stun'|'http'} | {off: 'metered'|'no-public-ip'}>}
 */
export async function discoverPublicIp({ stunUrls = [], ipEchoUrl = null, timeoutMs = 3_000,
  RTCPeerConnection = globalThis.RTCPeerConnection, fetch = globalThis.fetch,
  connection = globalThis.navigator?.connection } = {}) {
  if (connection && (connection.type === 'cellular' || connection.saveData === true)) return { off: 'metered' };
  if (stunUrls.length > 0 && RTCPeerConnection) {
    const ip = await srflxAddress(RTCPeerConnection, stunUrls, timeoutMs);
    if (ip) return { ip, source: 'stun' };
  }
  if (ipEchoUrl && fetch) {
    const ip = await echoAddress(fetch, ipEchoUrl, timeoutMs);
    if (ip) return { ip, source: 'http' };
  }
  return { off: 'no-public-ip' };
}

/** Gathers ICE candidates with only `stunUrls`; the srflx address, IPv4 preferred, or null. */
export function srflxAddress(RTCPeerConnection, stunUrls, timeoutMs) {
  return new Promise((resolve) => {
    const pc = new RTCPeerConnection({ iceServers: [{ urls: stunUrls }] });
    const found = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      pc.close();
      const v4 = found.find((a) => parseIpv4(a));
      resolve(v4 ?? found[0] ?? null);
    };
    const timer = setTimeout(finish, timeoutMs);
    pc.onicecandidate = (e) => {
      if (!e.candidate) return finish(); // gathering complete
      const c = e.candidate;
      if (c.type === 'srflx' && canonicalAddress(c.address ?? '') !== null) {
        found.push(c.address);
        if (parseIpv4(c.address)) finish();
      }
      return undefined;
    };
    pc.createDataChannel('discovery');
    pc.createOffer().then((o) => pc.setLocalDescription(o)).catch(finish);
  });
}

/** GET of an echo URL: the body is the address as text, or JSON {"ip": "…"}; null on anything else. */
export async function echoAddress(fetch, url, timeoutMs) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await fetch(url, { signal: abort.signal, cache: 'no-store', credentials: 'omit' });
    if (!res.ok) return null;
    const text = (await res.text()).slice(0, MAX_ECHO_BYTES).trim();
    let ip = text;
    if (text.startsWith('{')) {
      const v = JSON.parse(text);
      ip = typeof v?.ip === 'string' ? v.ip.trim() : '';
    }
    return canonicalAddress(ip) === null ? null : ip;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
