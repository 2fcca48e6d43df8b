package io.meshkit.signaling.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Messages waiting for an absent ID ({@code models/messageQueue.ts}). As in the reference, the age
 * that counts for expiry is the queue's creation time: the queue is emptied and dropped when its ID
 * connects, so it is never read before that. Each message remembers its local sender, whose
 * allowance it uses until the queue is emptied.
 */
final class PendingQueue {
    final long createdAt;
    final List<Outbound.Relay> messages = new ArrayList<>(4);
    /** The local sender of each message ({@code null} for one another node handed over). */
    final List<Client<?>> senders = new ArrayList<>(4);
    /** What this queue and its messages cost against the total bound. */
    long bytes;

    PendingQueue(long createdAt) {
        this.createdAt = createdAt;
    }
}
