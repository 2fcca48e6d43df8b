package io.meshkit.signaling.netty;

import static io.meshkit.signaling.netty.EmbeddedServer.frames;
import static io.meshkit.signaling.netty.EmbeddedServer.sendFrame;
import static io.meshkit.signaling.netty.EmbeddedServer.sendText;
import static io.meshkit.signaling.netty.EmbeddedServer.upgrade;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Netty pipeline with EmbeddedChannel: upgrade, relay, and bad frames of every kind. */
class WebSocketPipelineTest {
    private static final String SELF = "{\"type\":\"CANDIDATE\",\"dst\":\"a\",\"payload\":1}";
    private static final String SELF_ECHO = "msg {\"type\":\"CANDIDATE\",\"src\":\"a\",\"dst\":\"a\",\"payload\":1}";

    private static ServerOptions options(int maxFrame, int rate, int burst) {
        ServerOptions.Limits d = ServerOptions.Limits.defaults();
        return ServerOptions.defaults(0).withLimits(new ServerOptions.Limits(maxFrame, d.maxHttpRequestBytes(), rate,
                burst, d.maxOutboundBytes(), d.shutdownGraceMillis(), d.closeTimeoutMillis()));
    }

    private static EmbeddedChannel open(EmbeddedServer server) {
        EmbeddedChannel ch = server.channel();
        assertThat(upgrade(ch, "/peerjs?key=peerjs&id=a&token=t")).startsWith("HTTP/1.1 101 Switching Protocols");
        assertThat(frames(ch)).containsExactly("msg {\"type\":\"OPEN\"}");
        return ch;
    }

    @Test
    void shouldOpenAndRelayTextAndBinaryFramesAlike() {
        EmbeddedChannel ch = open(new EmbeddedServer(options(1024, 0, 1)));
        sendText(ch, SELF);
        sendFrame(ch, new BinaryWebSocketFrame(Unpooled.copiedBuffer(SELF, StandardCharsets.UTF_8)));
        assertThat(frames(ch)).containsExactly(SELF_ECHO, SELF_ECHO);
        assertThat(ch.isActive()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldDropTheHttpHandlersOnUpgrade() {
        EmbeddedChannel ch = open(new EmbeddedServer(options(1024, 0, 1)));
        // The relay path must not cross HTTP codecs (an encoder left in place also sees every write).
        assertThat(ch.pipeline().names()).noneMatch(n -> n.toLowerCase(java.util.Locale.ROOT).contains("http"));
        assertThat(ch.pipeline().get(io.netty.handler.codec.http.HttpResponseEncoder.class)).isNull();
        assertThat(ch.pipeline().get(io.netty.handler.codec.http.HttpObjectAggregator.class)).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldRelayLongPayloadsExactly() {
        EmbeddedChannel ch = open(new EmbeddedServer(options(1 << 17, 0, 1)));
        for (int n : new int[] {10, 200, 70_000}) {
            String payload = "\"" + "p".repeat(n) + "\"";
            sendText(ch, "{\"type\":\"OFFER\",\"dst\":\"a\",\"payload\":" + payload + "}");
            assertThat(frames(ch)).containsExactly(
                    "msg {\"type\":\"OFFER\",\"src\":\"a\",\"dst\":\"a\",\"payload\":" + payload + "}");
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseAnIdOutsideThePeerJsRuleWithAnError() {
        EmbeddedChannel ch = new EmbeddedServer(options(1024, 0, 1)).channel();
        // id "é\"" (URL-encoded): the reference would register it; a PeerJS client never sends it.
        assertThat(upgrade(ch, "/peerjs?key=peerjs&id=%C3%A9%22&token=t")).startsWith("HTTP/1.1 101 Switching Protocols");
        assertThat(frames(ch)).containsExactly("msg {\"type\":\"ERROR\",\"payload\":{\"msg\":\"Invalid id provided\"}}",
                "close -1");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldIgnoreMalformedJsonAndKeepTheConnection() {
        EmbeddedChannel ch = open(new EmbeddedServer(options(1024, 0, 1)));
        sendText(ch, "{\"type\":");
        sendText(ch, "\u0000garbage");
        sendText(ch, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]");
        assertThat(frames(ch)).isEmpty();
        sendText(ch, SELF);
        assertThat(frames(ch)).containsExactly(SELF_ECHO);
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldCloseWith1009OnAnOversizedFrame() {
        EmbeddedChannel ch = open(new EmbeddedServer(options(64, 0, 1)));
        sendText(ch, "{\"type\":\"OFFER\",\"dst\":\"a\",\"payload\":\"" + "x".repeat(100) + "\"}");
        assertThat(frames(ch)).containsExactly("close " + WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
        assertThat(ch.isOpen()).as("lingers so the peer can read the Close").isTrue();
        ch.advanceTimeBy(WebSocketConnection.LINGER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldCloseWith1009WhenFragmentsAddUpPastTheLimit() {
        EmbeddedChannel ch = open(new EmbeddedServer(options(64, 0, 1)));
        sendFrame(ch, new TextWebSocketFrame(false, 0, "{\"type\":\"OFFER\",\"dst\":\"a\",\"payload\":\""));
        sendFrame(ch, new ContinuationWebSocketFrame(false, 0, "x".repeat(40)));
        sendFrame(ch, new ContinuationWebSocketFrame(true, 0, "\"}"));
        assertThat(frames(ch)).containsExactly("close " + WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
        assertThat(ch.isOpen()).as("lingers so the peer can read the Close").isTrue();
        ch.advanceTimeBy(WebSocketConnection.LINGER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldCloseWith1007OnInvalidUtf8Text() {
        EmbeddedChannel ch = open(new EmbeddedServer(options(1024, 0, 1)));
        sendFrame(ch, new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})));
        assertThat(frames(ch)).containsExactly("close " + WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code());
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldAnswerPingAndEchoTheClientsClose() {
        EmbeddedChannel ch = open(new EmbeddedServer(options(1024, 0, 1)));
        sendFrame(ch, new PingWebSocketFrame(Unpooled.copiedBuffer("p", StandardCharsets.UTF_8)));
        assertThat(frames(ch)).containsExactly("PongWebSocketFrame");
        sendFrame(ch, new CloseWebSocketFrame(1000, "bye"));
        assertThat(frames(ch)).containsExactly("close 1000");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldDropMessagesOverTheRateLimit() {
        EmbeddedServer server = new EmbeddedServer(options(1024, 1, 2));
        EmbeddedChannel ch = open(server);
        sendText(ch, SELF);
        sendText(ch, SELF);
        sendText(ch, SELF);
        assertThat(frames(ch)).as("a burst of 2, then nothing until tokens refill").containsExactly(SELF_ECHO, SELF_ECHO);
        server.clock.addAndGet(1000);
        sendText(ch, SELF);
        assertThat(frames(ch)).containsExactly(SELF_ECHO);
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseAnUpgradeOutsideThePeerjsPathLikeWs() {
        EmbeddedServer server = new EmbeddedServer(options(1024, 0, 1));
        EmbeddedChannel ch = server.channel();
        assertThat(upgrade(ch, "/other?key=peerjs&id=a&token=t"))
                .isEqualTo("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/html\r\n"
                        + "Content-Length: 11\r\n\r\nBad Request");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldSendIdTakenAndAnEmptyCloseToASecondToken() {
        EmbeddedServer server = new EmbeddedServer(options(1024, 0, 1));
        EmbeddedChannel first = open(server);
        EmbeddedChannel second = server.channel();
        upgrade(second, "/peerjs?key=peerjs&id=a&token=other");
        assertThat(frames(second)).containsExactly("msg {\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}",
                // An empty Close frame (no status code; clients report 1005), as ws' socket.close() sends.
                "close -1");
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }
}
