// Public address discovery in the browser (docs/PROTOCOL.md §2.5), with fake RTCPeerConnection and fetch.
import test from 'node:test';
import assert from 'node:assert/strict';
import { discoverPublicIp, echoAddress } from '../../main/resources/io/meshkit/web/app/js/mesh/discovery.js';

function fakeRtc(candidates) {
  return class {
    constructor(config) {
      this.config = config;
      this.closed = false;
    }

    createDataChannel() {}

    async createOffer() {
      return {};
    }

    async setLocalDescription() {
      for (const c of candidates) this.onicecandidate({ candidate: c });
      this.onicecandidate({ candidate: null });
    }

    close() {
      this.closed = true;
    }
  };
}

const respond = (body, status = 200) => async () => ({ ok: status === 200, text: async () => body });

test('STUN: the srflx address, IPv4 preferred over IPv6; host candidates ignored', async () => {
  const rtc = fakeRtc([{ type: 'host', address: '10.0.0.2' }, { type: 'srflx', address: '2001:db8::5' },
    { type: 'srflx', address: '203.0.113.10' }]);
  assert.deepEqual(await discoverPublicIp({ stunUrls: ['stun:s'], RTCPeerConnection: rtc, connection: null }),
    { ip: '203.0.113.10', source: 'stun' });
  const v6 = fakeRtc([{ type: 'srflx', address: '2001:db8::5' }]);
  assert.deepEqual(await discoverPublicIp({ stunUrls: ['stun:s'], RTCPeerConnection: v6, connection: null }),
    { ip: '2001:db8::5', source: 'stun' });
});

test('no srflx: the HTTP echo (text or JSON); neither: off, no-public-ip', async () => {
  const none = fakeRtc([{ type: 'host', address: '10.0.0.2' }]);
  assert.deepEqual(await discoverPublicIp({ stunUrls: ['stun:s'], RTCPeerConnection: none, ipEchoUrl: 'u',
    fetch: respond('198.51.100.7\n'), connection: null }), { ip: '198.51.100.7', source: 'http' });
  assert.deepEqual(await discoverPublicIp({ ipEchoUrl: 'u', fetch: respond('{"ip":"2001:db8:1:2::1"}'), connection: null }),
    { ip: '2001:db8:1:2::1', source: 'http' });
  assert.deepEqual(await discoverPublicIp({ ipEchoUrl: 'u', fetch: respond('<html>'), connection: null }), { off: 'no-public-ip' });
  assert.deepEqual(await discoverPublicIp({ connection: null }), { off: 'no-public-ip' });
});

test('a metered or cellular connection turns discovery off before asking anyone', async () => {
  let asked = false;
  const fetch = async () => { asked = true; return { ok: true, text: async () => '1.2.3.4' }; };
  assert.deepEqual(await discoverPublicIp({ ipEchoUrl: 'u', fetch, connection: { type: 'cellular' } }), { off: 'metered' });
  assert.deepEqual(await discoverPublicIp({ ipEchoUrl: 'u', fetch, connection: { saveData: true } }), { off: 'metered' });
  assert.equal(asked, false);
});

test('the echo refuses what is not an address, an error status, a huge body, a broken JSON, a timeout', async () => {
  for (const body of ['', 'hello', '1.2.3.4.5', '{"ip":5}', '{"ip":', 'x'.repeat(5000), '{"address":"1.2.3.4"}']) {
    assert.equal(await echoAddress(respond(body), 'u', 1000), null, body.slice(0, 20));
  }
  assert.equal(await echoAddress(respond('1.2.3.4', 500), 'u', 1000), null);
  const hang = (url, { signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
  assert.equal(await echoAddress(hang, 'u', 20), null);
});
