package io.meshkit.signaling.netty;

import static io.meshkit.signaling.netty.EmbeddedServer.frames;
import static io.meshkit.signaling.netty.EmbeddedServer.sendFrame;
import static io.meshkit.signaling.netty.EmbeddedServer.sendText;
import static io.meshkit.signaling.netty.EmbeddedServer.upgrade;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.signaling.core.RealmConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What one socket can make the pipeline write or hold: pongs, unfinished fragments, silence. */
class WebSocketBoundsTest {
    private static ServerOptions options(int rate, int burst, long fragmentTimeout, long unfinished, long alive) {
        ServerOptions.Limits d = ServerOptions.Limits.defaults();
        return ServerOptions.defaults(0)
                .withRealm(RealmConfig.defaults().withTimeouts(RealmConfig.DEFAULT_EXPIRE_TIMEOUT, alive))
                .withLimits(new ServerOptions.Limits(1024, d.maxHttpRequestBytes(), rate, burst, d.maxOutboundBytes(),
                        d.shutdownGraceMillis(), d.closeTimeoutMillis(), 0, fragmentTimeout, unfinished));
    }

    private static EmbeddedChannel open(EmbeddedServer server, String id) {
        EmbeddedChannel ch = server.channel();
        assertThat(upgrade(ch, "/peerjs?key=peerjs&id=" + id + "&token=t")).startsWith("HTTP/1.1 101");
        assertThat(frames(ch)).containsExactly("msg {\"type\":\"OPEN\"}");
        return ch;
    }

    private static TextWebSocketFrame firstFragment(String text) {
        return new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private static ContinuationWebSocketFrame lastFragment(String text) {
        return new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    @Test
    void pingsCountAgainstTheRateLimit() {
        EmbeddedServer server = new EmbeddedServer(options(1, 3, 10_000, 1 << 20, 60_000));
        EmbeddedChannel ch = open(server, "a");
        for (int i = 0; i < 10; i++) {
            sendFrame(ch, new PingWebSocketFrame());
        }
        assertThat(frames(ch)).as("a burst of 3 pongs, then none until the bucket refills")
                .containsExactly("PongWebSocketFrame", "PongWebSocketFrame", "PongWebSocketFrame");
        server.clock.addAndGet(1000);
        sendFrame(ch, new PingWebSocketFrame());
        sendText(ch, "{\"type\":\"HEARTBEAT\"}");
        assertThat(frames(ch)).containsExactly("PongWebSocketFrame");
        assertThat(ch.isActive()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void unfinishedFragmentsShareOneBudget() {
        EmbeddedServer server = new EmbeddedServer(options(0, 1, 10_000, 100, 60_000));
        EmbeddedChannel a = open(server, "a");
        EmbeddedChannel b = open(server, "b");
        sendFrame(a, firstFragment("{\"type\":\"CANDIDATE\",\"dst\":\"a\",\"payload\":\"" + "x".repeat(40)));
        sendFrame(b, firstFragment("{\"type\":\"CANDIDATE\",\"dst\":\"b\",\"payload\":\"" + "y".repeat(40)));
        assertThat(frames(b)).as("over the budget: try again later").containsExactly("close 1013");
        sendFrame(a, lastFragment("\"}"));
        assertThat(frames(a)).containsExactly(
                "msg {\"type\":\"CANDIDATE\",\"src\":\"a\",\"dst\":\"a\",\"payload\":\"" + "x".repeat(40) + "\"}");
        assertThat(server.context.fragments().held()).as("given back when the message completes").isZero();
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void aFragmentedMessageMustFinishInTime() {
        EmbeddedServer server = new EmbeddedServer(options(0, 1, 2_000, 1 << 20, 60_000));
        EmbeddedChannel ch = open(server, "a");
        ch.freezeTime(); // the channel's clock moves only with advanceTimeBy
        sendFrame(ch, firstFragment("{\"type\":\"HEARTBEAT\""));
        ch.advanceTimeBy(1_999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(frames(ch)).isEmpty();
        ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(frames(ch)).containsExactly("close 1008");
        assertThat(server.context.fragments().held()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void aSocketThatSendsNothingIsClosedAtTheReadDeadline() {
        EmbeddedServer server = new EmbeddedServer(options(0, 1, 10_000, 1 << 20, 3_000));
        EmbeddedChannel ch = server.channel();
        ch.freezeTime();
        // A refused socket would be closed anyway; an upgraded one that sends nothing must be too.
        assertThat(upgrade(ch, "/peerjs?key=peerjs&id=a&token=t")).startsWith("HTTP/1.1 101");
        frames(ch);
        ch.advanceTimeBy(3_001, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(frames(ch)).containsExactly("close -1");
        ch.finishAndReleaseAll();
    }
}
