package io.meshkit.ops.guard;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The handlers that bound what one client can make an HTTP/1.1 listener hold, for one connection
 * each: a request decoder with a per-request deadline, an idle timer, and the one-request-in-flight
 * {@link HttpExchangeGuard}. Every close they cause is counted in {@link #rejections()}.
 *
 * <p>Pipeline order: {@link #decoder()}, the response encoder, the aggregator, {@link #idle()},
 * {@link #exchangeGuard()}, then the application's handler.
 */
public final class HttpGuards {
    private final HttpLimits limits;
    private final HttpDecoderConfig decoderConfig;
    private final Rejections rejections;

    public HttpGuards(HttpLimits limits, HttpDecoderConfig decoderConfig, Rejections rejections) {
        this.limits = limits;
        this.decoderConfig = decoderConfig;
        this.rejections = rejections;
    }

    /** With Netty's default decoder limits (4 KiB request line, 8 KiB of headers). */
    public HttpGuards(HttpLimits limits, Rejections rejections) {
        this(limits, new HttpDecoderConfig(), rejections);
    }

    public DeadlineHttpRequestDecoder decoder() {
        return new DeadlineHttpRequestDecoder(decoderConfig, new MessageDeadline(limits.requestTimeoutMillis(), rejections));
    }

    public IdleStateHandler idle() {
        return new IdleStateHandler(0, 0, limits.idleSeconds(), TimeUnit.SECONDS);
    }

    public HttpExchangeGuard exchangeGuard() {
        return new HttpExchangeGuard(limits.maxPipelined(), limits.maxUnwrittenBytes(), rejections);
    }

    public HttpLimits limits() {
        return limits;
    }

    public Rejections rejections() {
        return rejections;
    }
}
