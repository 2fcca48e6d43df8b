package io.meshkit.testkit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.meshkit.testkit.Chromium;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One namespace with a veth to the root namespace: reaches the test JVM, and WebRTC works in it. */
class SingleHostIT {
    @Test
    void reachesAServerInTheTestJvmAndIsGoneAfterClose() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ("hello " + ex.getRemoteAddress().getAddress().getHostAddress()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String ns;
        String link;
        try (SingleHost host = SingleHost.create()) {
            ns = host.name();
            link = host.rootLink();
            assertThat(host.address()).startsWith("198.19.");
            String out = host.exec("bash", "-c", "exec 3<>/dev/tcp/$1/$2 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3",
                    "tcp", host.rootAddress(), Integer.toString(server.getAddress().getPort()));
            assertThat(out).contains("hello " + host.address());
        } finally {
            server.stop(0);
        }
        assertThat(LabNames.namespaces()).doesNotContain(ns);
        assertThat(Shell.tryRun(List.of("ip", "link", "show", link), null).ok()).isFalse();
    }

    @Test
    void twoPagesOfOneChromiumConnectADataChannel() {
        try (SingleHost host = SingleHost.create()) {
            Chromium chromium = host.chromium(List.of());
            Page a = chromium.browser().newPage();
            Page b = chromium.browser().newPage();
            // Signalling by hand: each page gathers all candidates, the test carries the SDP across.
            String offer = (String) a.evaluate("""
                    async () => {
                      window.pc = new RTCPeerConnection();
                      window.dc = pc.createDataChannel('t');
                      window.got = new Promise(r => dc.onmessage = e => r(e.data));
                      await pc.setLocalDescription(await pc.createOffer());
                      await new Promise(r => { if (pc.iceGatheringState === 'complete') r();
                        pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });
                      return pc.localDescription.sdp;
                    }""");
            String answer = (String) b.evaluate("""
                    async (offer) => {
                      window.pc = new RTCPeerConnection();
                      pc.ondatachannel = e => e.channel.onmessage = m => e.channel.send('pong:' + m.data);
                      await pc.setRemoteDescription({type: 'offer', sdp: offer});
                      await pc.setLocalDescription(await pc.createAnswer());
                      await new Promise(r => { if (pc.iceGatheringState === 'complete') r();
                        pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });
                      return pc.localDescription.sdp;
                    }""", offer);
            Object reply = a.evaluate("""
                    async (answer) => {
                      await pc.setRemoteDescription({type: 'answer', sdp: answer});
                      if (dc.readyState !== 'open') await new Promise(r => dc.onopen = r);
                      dc.send('ping');
                      return await got;
                    }""", answer);
            assertThat(reply).isEqualTo("pong:ping");
        }
    }
}
