package io.meshkit.ops.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpExchangeGuardTest {
    private final Rejections rejections = new Rejections("test");
    private final List<String> seen = new ArrayList<>();
    /** When false, requests are held unanswered (a slow route) until {@link #answerHeld}. */
    private boolean answerAtOnce = true;
    private final List<ChannelHandlerContext> held = new ArrayList<>();
    private int bodyBytes = 10;

    private EmbeddedChannel channel(int maxPipelined, long maxUnwritten) {
        HttpGuards guards = new HttpGuards(new HttpLimits(10_000, 30, maxPipelined, maxUnwritten), rejections);
        return new EmbeddedChannel(guards.decoder(), new HttpResponseEncoder(), new HttpObjectAggregator(8192),
                guards.idle(), guards.exchangeGuard(), new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                        seen.add(req.uri());
                        if (answerAtOnce) {
                            ctx.writeAndFlush(response(req.uri()));
                        } else {
                            held.add(ctx);
                        }
                    }
                });
    }

    private FullHttpResponse response(String uri) {
        byte[] body = (uri + " " + "x".repeat(bodyBytes)).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        res.headers().set("Content-Length", body.length);
        return res;
    }

    private static ByteBuf requests(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("GET /r").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        return Unpooled.copiedBuffer(sb, StandardCharsets.US_ASCII);
    }

    private static String drainOutbound(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return sb.toString();
    }

    @Test
    void shouldAnswerPipelinedRequestsOneAtATimeInOrder() {
        answerAtOnce = false;
        EmbeddedChannel ch = channel(8, 1 << 20);
        ch.writeInbound(requests(3));
        // The first reaches the application; the others wait until its answer has gone to the socket.
        assertThat(seen).containsExactly("/r0");
        assertThat(ch.config().isAutoRead()).isFalse();
        for (int i = 0; i < 3; i++) {
            held.get(i).writeAndFlush(response("/r" + i));
            ch.runPendingTasks();
            assertThat(seen).hasSize(Math.min(i + 2, 3));
        }
        assertThat(seen).containsExactly("/r0", "/r1", "/r2");
        assertThat(drainOutbound(ch)).containsSubsequence("/r0 ", "/r1 ", "/r2 ");
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(ch.isActive()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldStopReadingUntilTheAnswerIsWritten() {
        answerAtOnce = false;
        EmbeddedChannel ch = channel(8, 1 << 20);
        ch.writeInbound(requests(1));
        assertThat(ch.config().isAutoRead()).isFalse();
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).as("no answer yet").isFalse();
        held.get(0).writeAndFlush(response("/r0"));
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldCloseAClientThatPipelinesPastTheBound() {
        EmbeddedChannel ch = channel(8, 1 << 20);
        ch.writeInbound(requests(2000));
        assertThat(ch.isOpen()).isFalse();
        assertThat(rejections.count(Rejection.PIPELINE_LIMIT)).isEqualTo(1);
        // One answered, none of the rest: the attacker got one response's worth of work.
        assertThat(seen).containsExactly("/r0");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldCloseWhenUnwrittenBytesPassTheBound() {
        bodyBytes = 4096;
        answerAtOnce = false;
        EmbeddedChannel ch = channel(8, 1024);
        ch.writeInbound(requests(1));
        held.get(0).write(response("/r0")); // queued, not flushed: what a peer that does not read leaves
        assertThat(ch.isOpen()).isFalse();
        assertThat(rejections.count(Rejection.WRITE_BACKLOG)).isEqualTo(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldTellAnIdleConnectionFromOneThatStoppedReading() {
        EmbeddedChannel quiet = channel(8, 1 << 20);
        quiet.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(quiet.isOpen()).isFalse();
        assertThat(rejections.count(Rejection.IDLE_TIMEOUT)).isEqualTo(1);

        answerAtOnce = false;
        EmbeddedChannel stuck = channel(8, 1 << 20);
        stuck.writeInbound(requests(1));
        held.get(0).write(response("/r0"));
        stuck.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(stuck.isOpen()).isFalse();
        assertThat(rejections.count(Rejection.WRITE_BACKLOG)).isEqualTo(1);
        quiet.finishAndReleaseAll();
        stuck.finishAndReleaseAll();
    }

    @Test
    void shouldCountIdleInTheMiddleOfARequestAsASlowRequest() {
        EmbeddedChannel ch = channel(8, 1 << 20);
        ch.writeInbound(Unpooled.copiedBuffer("GET /health HTTP/1.1\r\nHo", StandardCharsets.US_ASCII));
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(ch.isOpen()).isFalse();
        assertThat(rejections.count(Rejection.MESSAGE_TIMEOUT)).isEqualTo(1);
        assertThat(rejections.count(Rejection.IDLE_TIMEOUT)).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldResumeReadingWhenRemovedForAnUpgrade() {
        answerAtOnce = false;
        EmbeddedChannel ch = channel(8, 1 << 20);
        ch.writeInbound(requests(1));
        assertThat(ch.config().isAutoRead()).isFalse();
        ch.pipeline().remove(HttpExchangeGuard.class);
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }
}
