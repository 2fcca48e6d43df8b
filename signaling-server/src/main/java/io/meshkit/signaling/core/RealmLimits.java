package io.meshkit.signaling.core;

/**
 * Bounds on what clients can make the realm hold or try, beyond the reference's options. Each is a
 * flag with a default that no PeerJS client comes near; docs/SECURITY.md explains each.
 *
 * @param maxIdLength          longest ID accepted on connect and as {@code dst} ({@code --max_id_length}, default 128)
 * @param maxQueuedPerSender   messages one client may have waiting for absent IDs, all queues together
 *                             ({@code --max_queued_per_sender}, default 128); this also caps the
 *                             number of absent IDs one client can make the server remember
 * @param maxQueues            absent IDs with waiting messages, all senders together ({@code --max_queues}, default 10000)
 * @param maxIdsPerSource      IDs held by clients of one source address (IPv6: one /64) ({@code --max_ids_per_ip};
 *                             default 256, and the command line makes it at most half of {@code --concurrent_limit}
 *                             so that one address can never take every slot; 0 = no limit)
 * @param tokenGuessesPerMinute wrong-token attempts at a held ID: per ID and per source, a burst of this many
 *                             then this many per minute; beyond it an attempt is answered {@code ID-TAKEN}
 *                             without looking at the token ({@code --max_token_guesses}, default 100; 0 = no limit)
 */
public record RealmLimits(int maxIdLength, int maxQueuedPerSender, int maxQueues, int maxIdsPerSource,
                          int tokenGuessesPerMinute) {
    public static final int DEFAULT_MAX_ID_LENGTH = PeerIds.DEFAULT_MAX_LENGTH;
    public static final int DEFAULT_MAX_QUEUED_PER_SENDER = 128;
    public static final int DEFAULT_MAX_QUEUES = 10_000;
    public static final int DEFAULT_MAX_IDS_PER_SOURCE = 256;
    public static final int DEFAULT_TOKEN_GUESSES_PER_MINUTE = 100;

    /**
     * What one queued message costs beyond its payload and IDs: the message record, its payload
     * holder, the list slot and the sender's accounting (measured order of magnitude on a 64-bit JVM
     * with compressed pointers, rounded up).
     */
    public static final int MESSAGE_OVERHEAD_BYTES = 128;
    /** What one queue costs beyond its messages: the map entry, the key string, the queue and its list. */
    public static final int QUEUE_OVERHEAD_BYTES = 160;

    public RealmLimits {
        if (maxIdLength < 1 || maxQueuedPerSender < 0 || maxQueues < 0 || maxIdsPerSource < 0
                || tokenGuessesPerMinute < 0) {
            throw new IllegalArgumentException("realm limits out of range");
        }
    }

    public static RealmLimits defaults() {
        return new RealmLimits(DEFAULT_MAX_ID_LENGTH, DEFAULT_MAX_QUEUED_PER_SENDER, DEFAULT_MAX_QUEUES,
                DEFAULT_MAX_IDS_PER_SOURCE, DEFAULT_TOKEN_GUESSES_PER_MINUTE);
    }
}
