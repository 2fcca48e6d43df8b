package io.meshkit.ops.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineHttpRequestDecoderTest {
    private final Rejections rejections = new Rejections("test");

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(new DeadlineHttpRequestDecoder(new HttpDecoderConfig(),
                new MessageDeadline(10_000, rejections)), new HttpObjectAggregator(8192));
        return ch;
    }

    private static void send(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
    }

    private static int drain(EmbeddedChannel ch) {
        int n = 0;
        Object m;
        while ((m = ch.readInbound()) != null) {
            ReferenceCountUtil.release(m);
            n++;
        }
        return n;
    }

    @Test
    void shouldCloseARequestDrippedSlowerThanItsDeadline() {
        EmbeddedChannel ch = channel();
        String request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        // One byte every 2 s: an idle timer of 5 s would never fire.
        for (int i = 0; i < 5; i++) {
            send(ch, request.substring(i, i + 1));
            ch.advanceTimeBy(2, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        assertThat(ch.isOpen()).isFalse();
        assertThat(rejections.count(Rejection.MESSAGE_TIMEOUT)).isEqualTo(1);
        assertThat(drain(ch)).isZero();
    }

    @Test
    void shouldLeaveAKeepAliveConnectionBetweenRequestsAlone() {
        EmbeddedChannel ch = channel();
        send(ch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        ch.advanceTimeBy(60, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        send(ch, "GET /b HTTP/1.1\r\nHo");
        ch.advanceTimeBy(9, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        send(ch, "st: x\r\n\r\n");
        ch.advanceTimeBy(60, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        assertThat(drain(ch)).isEqualTo(2);
        assertThat(rejections.count(Rejection.MESSAGE_TIMEOUT)).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldTimeTheNextRequestFromItsOwnFirstByte() {
        EmbeddedChannel ch = channel();
        send(ch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\n");
        assertThat(drain(ch)).isEqualTo(1);
        ch.advanceTimeBy(9, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("/b started 10 s ago and is not complete").isFalse();
        assertThat(rejections.count(Rejection.MESSAGE_TIMEOUT)).isEqualTo(1);
        ch.finishAndReleaseAll();
    }
}
