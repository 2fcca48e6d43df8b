package io.meshkit.stun.metrics;

import io.meshkit.stun.ServerStats;
import io.meshkit.stun.core.DropReason;
import io.meshkit.stun.core.Transport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Exposes {@link ServerStats} as Micrometer meters. The packet path keeps incrementing its own
 * pre-allocated {@code LongAdder}s; these function counters only read them when scraped, so
 * metrics add nothing per packet. Names render in Prometheus as {@code meshkit_stun_…_total}.
 */
public final class StunMetrics {
    private StunMetrics() {}

    /** Registers the STUN meters over {@code stats} on {@code registry}. */
    public static void bind(ServerStats stats, MeterRegistry registry) {
        for (Transport t : Transport.values()) {
            String transport = label(t);
            FunctionCounter.builder("meshkit.stun.requests", stats, s -> s.receivedCount(t))
                    .description("STUN messages received (datagrams, or framed messages on TCP), valid or not")
                    .tag("transport", transport).register(registry);
            FunctionCounter.builder("meshkit.stun.responses", stats, s -> s.answeredCount(t, false))
                    .description("Responses sent: success (Binding success) or error (420 Unknown Attribute)")
                    .tags("transport", transport, "type", "success").register(registry);
            FunctionCounter.builder("meshkit.stun.responses", stats, s -> s.answeredCount(t, true))
                    .description("Responses sent: success (Binding success) or error (420 Unknown Attribute)")
                    .tags("transport", transport, "type", "error").register(registry);
        }
        for (DropReason r : DropReason.values()) {
            FunctionCounter.builder("meshkit.stun.dropped", stats, s -> s.droppedCount(r))
                    .description("Messages that got no answer, by reason (RFC 8489 §6.3 checks, rate limit)")
                    .tag("reason", label(r)).register(registry);
        }
        FunctionCounter.builder("meshkit.stun.rate.limited", stats, s -> s.droppedCount(DropReason.RATE_LIMITED))
                .description("Requests dropped because their source exceeded --rate-limit (also in dropped)")
                .register(registry);
        FunctionCounter.builder("meshkit.stun.io.errors", stats, ServerStats::errorCount)
                .description("Unexpected exceptions in the I/O path (socket errors, bugs); the packet was dropped")
                .register(registry);
        Gauge.builder("meshkit.stun.tcp.connections", stats, ServerStats::tcpOpenCount)
                .description("Open STUN-over-TCP connections").register(registry);
        FunctionCounter.builder("meshkit.stun.tcp.accepted", stats, ServerStats::tcpAcceptedCount)
                .description("TCP connections accepted").register(registry);
        FunctionCounter.builder("meshkit.stun.tcp.refused", stats, ServerStats::tcpRefusedCount)
                .description("TCP connections closed on accept (over --tcp-max-connections or --tcp-max-per-source)")
                .register(registry);
        stats.tcpRejections().bind(registry, "meshkit.stun.tcp.rejected",
                "TCP connections the server refused or closed, by reason: connection_limit, source_connection_limit"
                        + " (on accept), message_timeout (a message not complete within --tcp-message-seconds of its"
                        + " first byte), idle_timeout, write_backlog (peer stopped reading), malformed (not STUN)");
    }

    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
