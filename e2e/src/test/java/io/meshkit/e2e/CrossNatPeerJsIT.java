package io.meshkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.lab.NatLab;
import io.meshkit.testkit.lab.NatLabExtension;
import io.meshkit.testkit.lab.Wan;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two browsers behind two different NATs open a PeerJS DataConnection through our signaling
 * server, with our STUN server as their only ICE server, and exchange a message each way. Host
 * candidates (198.18.x) are unreachable across LANs and there is no TURN, so the connection can
 * only be the hole punched through both NATs.
 */
class CrossNatPeerJsIT {
    @RegisterExtension
    static final NatLabExtension LAB = NatLabExtension.of(b -> b.lan("a", 1).lan("b", 1));

    /** PeerJS options: our servers at the WAN address, our STUN as the only ICE server. */
    static final String PEER_OPTIONS = "{host: '" + Wan.ADDRESS + "', port: " + WanServers.SIGNALING_PORT
            + ", path: '/', secure: false, debug: 1, config: {iceServers: [{urls: 'stun:" + Wan.ADDRESS + ":"
            + WanServers.STUN_PORT + "'}]}}";

    @Test
    void browsersOnTwoLansConnectADataConnectionAndExchangeMessagesBothWays() {
        NatLab lab = LAB.lab();
        long t0 = System.nanoTime();
        ManagedProcess stun = WanServers.stun(lab.wan());
        ManagedProcess signaling = WanServers.signaling(lab.wan());
        long t1 = System.nanoTime();
        List<String> console = LabPage.console();
        Chromium chromiumA = lab.host("a", 0).chromium(List.of());
        Chromium chromiumB = lab.host("b", 0).chromium(List.of());
        Page a = LabPage.open(chromiumA.browser(), "a0", console);
        Page b = LabPage.open(chromiumB.browser(), "b0", console);
        long t2 = System.nanoTime();
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
        String idA = "e2e-a-" + suffix;
        String idB = "e2e-b-" + suffix;
        String diagnostics = "";
        try {
            // B listens: answers each message with "pong:<message>" and keeps what it received.
            b.evaluate("""
                    ([id, opts]) => new Promise((resolve, reject) => {
                      window.received = [];
                      window.peer = new Peer(id, opts);
                      peer.on('error', e => reject('peer error ' + e.type + ': ' + e.message));
                      peer.on('connection', conn => conn.on('data', d => { received.push(d); conn.send('pong:' + d); }));
                      peer.on('open', () => resolve(true));
                    })""", List.of(idB, eval(PEER_OPTIONS, b)));
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) a.evaluate("""
                    ([id, target, opts]) => new Promise((resolve, reject) => {
                      const peer = new Peer(id, opts);
                      peer.on('error', e => reject('peer error ' + e.type + ': ' + e.message));
                      peer.on('open', () => {
                        const started = performance.now();
                        const conn = peer.connect(target, {reliable: true});
                        conn.on('open', () => {
                          const openMillis = performance.now() - started;
                          conn.on('data', async d => {
                            const stats = await conn.peerConnection.getStats();
                            let pair = null;
                            stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });
                            if (!pair) stats.forEach(s => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });
                            const remote = pair ? stats.get(pair.remoteCandidateId) : null;
                            const local = pair ? stats.get(pair.localCandidateId) : null;
                            resolve({reply: d, openMillis,
                                     remote: remote ? remote.address + ':' + remote.port + ' ' + remote.candidateType : 'none',
                                     local: local ? local.candidateType : 'none'});
                          });
                          conn.send('ping');
                        });
                      });
                    })""", List.of(idA, idB, eval(PEER_OPTIONS, a)));
            Object receivedByB = b.evaluate("() => window.received");
            diagnostics = result.toString();
            System.out.printf("[e2e] cross-NAT DataConnection: %s; servers up in %d ms, browsers in %d ms,"
                    + " peers+connection+messages in %d ms%n", result, (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);

            assertThat(result.get("reply")).isEqualTo("pong:ping");
            assertThat(receivedByB).isEqualTo(List.of("ping"));
            // The selected pair's remote end is B's NAT mapping: the punched hole, not a LAN address.
            assertThat((String) result.get("remote")).startsWith(lab.nat("b").wanAddress() + ":");
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnostics + "\nconsole:\n" + String.join("\n", console)
                    + "\nsignaling log:\n" + signaling.output() + "\nSTUN log:\n" + stun.output(), e);
        }
    }

    /** Evaluates a JS object literal in {@code page} so it can be passed back as an argument. */
    private static Object eval(String literal, Page page) {
        return page.evaluate("() => (" + literal + ")");
    }
}
