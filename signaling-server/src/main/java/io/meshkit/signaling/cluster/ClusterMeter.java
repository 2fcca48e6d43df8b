package io.meshkit.signaling.cluster;

/**
 * What the cluster directory tells the metrics about its use of Redis ({@code /metrics}:
 * {@code meshkit_signaling_redis_operations_seconds{op,outcome}} and
 * {@code meshkit_signaling_cluster_owner_lookups_total{result}}). {@link #redis} is called on
 * Lettuce's threads as answers arrive, {@link #ownerLookup} on the event loop.
 */
public interface ClusterMeter {
    /** The directory's operations on Redis, one script or command each. */
    enum Op {
        CLAIM, RELEASE, RENEW, ROUTE, PUBLISH, PING;

        /** The label value. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One operation answered ({@code ok}) or failed (error, timeout, disconnected) after {@code nanos}. */
    void redis(Op op, long nanos, boolean ok);

    /** A message for another node's client: its holder was in the owner cache ({@code hit}) or had to be looked up. */
    void ownerLookup(boolean hit);

    /** Counts nothing. */
    ClusterMeter NONE = new ClusterMeter() {
        @Override
        public void redis(Op op, long nanos, boolean ok) {}

        @Override
        public void ownerLookup(boolean hit) {}
    };
}
