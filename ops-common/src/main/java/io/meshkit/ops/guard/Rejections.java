package io.meshkit.ops.guard;

import io.meshkit.ops.RateLimitedLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's refusals and closes by {@link Rejection}: counted for {@code /metrics}, and logged
 * at WARN at most once per source and reason per minute (an attacker must not be able to fill the
 * disk, and an operator must still see that something happened). Thread-safe.
 */
public final class Rejections {
    /** How long after logging a (source, reason) the same pair stays quiet. */
    public static final long LOG_INTERVAL_MILLIS = 60_000;
    /** Pairs remembered for that (when all are recent, new pairs are only counted). */
    static final int LOG_MEMORY = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);

    private final String listener;
    private final EnumMap<Rejection, LongAdder> counts = new EnumMap<>(Rejection.class);
    private final LongSupplier clockMillis;
    private final RateLimitedLog gate = new RateLimitedLog(LOG, LOG_INTERVAL_MILLIS, LOG_MEMORY);

    /** @param listener named in log lines, e.g. {@code "STUN TCP"} or {@code "ops HTTP"} */
    public Rejections(String listener) {
        this(listener, () -> System.nanoTime() / 1_000_000L);
    }

    Rejections(String listener, LongSupplier clockMillis) {
        this.listener = listener;
        this.clockMillis = clockMillis;
        for (Rejection r : Rejection.values()) {
            counts.put(r, new LongAdder());
        }
    }

    /** Counts one {@code reason} against the connection from {@code remote}, and logs it unless logged lately. */
    public void record(Rejection reason, SocketAddress remote) {
        counts.get(reason).increment();
        if (!reason.logged()) {
            return;
        }
        SourceKey source = SourceKey.of(remote);
        if (shouldLog(source, reason)) {
            LOG.atWarn().addKeyValue("listener", listener).addKeyValue("reason", reason.label())
                    .addKeyValue("source", source)
                    .log("{}: {} from {} (logged at most once a minute per source and reason; see /metrics for counts)",
                            listener, describe(reason), source);
        }
    }

    boolean shouldLog(SourceKey source, Rejection reason) {
        return gate.shouldLog(source.toString(), reason.label(), clockMillis.getAsLong());
    }

    private static String describe(Rejection r) {
        return switch (r) {
            case CONNECTION_LIMIT -> "connection refused, every slot taken";
            case SOURCE_CONNECTION_LIMIT -> "connection refused, source holds its share of connections";
            case MESSAGE_TIMEOUT -> "closed, message not complete within its deadline";
            case IDLE_TIMEOUT -> "closed, idle";
            case PIPELINE_LIMIT -> "closed, too many pipelined requests";
            case WRITE_BACKLOG -> "closed, peer does not read its responses";
            case MALFORMED -> "closed, bytes that cannot be this protocol";
        };
    }

    /** How many times {@code reason} was recorded. */
    public long count(Rejection reason) {
        return counts.get(reason).sum();
    }

    /**
     * Registers one counter {@code name} with a {@code reason} tag per {@link Rejection} (plus
     * {@code extraTags}, key/value pairs) on {@code registry}; values are read at scrape time.
     */
    public void bind(MeterRegistry registry, String name, String description, String... extraTags) {
        for (Rejection r : Rejection.values()) {
            FunctionCounter.builder(name, counts.get(r), LongAdder::sum)
                    .description(description)
                    .tags(extraTags)
                    .tag("reason", r.label())
                    .register(registry);
        }
    }
}
