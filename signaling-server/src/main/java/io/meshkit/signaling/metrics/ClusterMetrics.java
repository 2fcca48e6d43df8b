package io.meshkit.signaling.metrics;

import io.meshkit.signaling.cluster.ClusterMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Cluster mode's meters: each Redis operation's latency and failures by operation
 * ({@code meshkit_signaling_redis_operations_seconds{op,outcome}}, a histogram) and how often a
 * message for another node's client found its holder in the owner cache
 * ({@code meshkit_signaling_cluster_owner_lookups_total{result="hit|miss"}}). Every meter is
 * registered up front, so recording is an array load.
 */
public final class ClusterMetrics implements ClusterMeter {
    private final Timer[] ok;
    private final Timer[] failed;
    private final Counter hits;
    private final Counter misses;

    public ClusterMetrics(MeterRegistry registry) {
        Op[] ops = Op.values();
        ok = new Timer[ops.length];
        failed = new Timer[ops.length];
        for (Op op : ops) {
            ok[op.ordinal()] = timer(registry, op, "ok");
            failed[op.ordinal()] = timer(registry, op, "error");
        }
        hits = lookups(registry, "hit");
        misses = lookups(registry, "miss");
    }

    private static Timer timer(MeterRegistry registry, Op op, String outcome) {
        return Timer.builder("meshkit.signaling.redis.operations").tag("op", op.label()).tag("outcome", outcome)
                .description("Redis operations of the cluster directory: script or command, from sending to the answer "
                        + "(error: failed, timed out or disconnected)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("meshkit.signaling.cluster.owner.lookups").tag("result", result)
                .description("Messages for another node's client: holder found in the owner cache (hit) or looked up "
                        + "in Redis (miss)")
                .register(registry);
    }

    @Override
    public void redis(Op op, long nanos, boolean success) {
        (success ? ok : failed)[op.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void ownerLookup(boolean hit) {
        (hit ? hits : misses).increment();
    }
}
