package io.meshkit.signaling.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queues of messages for absent IDs, with every bound on what they hold: messages per absent
 * ID, messages per sender (which also bounds how many absent IDs one client can make us remember),
 * the number of queues, and the bytes of all of them together, where a message counts its payload,
 * its IDs and a fixed overhead, and a queue its ID and a fixed overhead, so that no part of a
 * message is free to hold.
 */
final class PendingQueues {
    private final RealmConfig config;
    private final Map<String, PendingQueue> queues = new LinkedHashMap<>();
    private long bytes;
    private int messages;

    PendingQueues(RealmConfig config) {
        this.config = config;
    }

    /** What {@code relay} costs when queued. */
    static long cost(Outbound.Relay relay) {
        return (relay.payload() == null ? 0 : relay.payload().length()) + relay.src().length() + relay.dst().length()
                + RealmLimits.MESSAGE_OVERHEAD_BYTES;
    }

    /** What a new queue for {@code dst} costs besides its messages. */
    static long queueCost(String dst) {
        return dst.length() + RealmLimits.QUEUE_OVERHEAD_BYTES;
    }

    /**
     * Queues {@code relay} from {@code sender} ({@code null}: from another node) if every bound
     * allows it; returns whether it did.
     */
    boolean offer(Outbound.Relay relay, Client<?> sender, long now) {
        PendingQueue q = queues.get(relay.dst());
        RealmLimits l = config.limits();
        long cost = cost(relay) + (q == null ? queueCost(relay.dst()) : 0);
        if ((q != null && q.messages.size() >= config.maxQueuedPerPeer())
                || (q == null && (config.maxQueuedPerPeer() == 0 || queues.size() >= l.maxQueues()))
                || (sender != null && sender.queued >= l.maxQueuedPerSender())
                || bytes + cost > config.maxQueuedBytes()) {
            return false;
        }
        if (q == null) {
            q = new PendingQueue(now);
            queues.put(relay.dst(), q);
        }
        q.messages.add(relay);
        q.senders.add(sender);
        q.bytes += cost;
        bytes += cost;
        messages++;
        if (sender != null) {
            sender.queued++;
        }
        return true;
    }

    /** Removes and returns the queue for {@code id} (or {@code null}), giving back what it held. */
    PendingQueue remove(String id) {
        PendingQueue q = queues.remove(id);
        if (q != null) {
            release(q);
        }
        return q;
    }

    /**
     * Removes and returns every queue created {@code expireTimeout} or longer before {@code now},
     * oldest first. The map keeps creation order, so the scan stops at the first queue still young:
     * a sweep costs what it expires, not what waits.
     */
    List<PendingQueue> expire(long now, long expireTimeout) {
        List<PendingQueue> expired = new ArrayList<>();
        for (Iterator<PendingQueue> it = queues.values().iterator(); it.hasNext(); ) {
            PendingQueue q = it.next();
            if (now - q.createdAt < expireTimeout) {
                break;
            }
            it.remove();
            release(q);
            expired.add(q);
        }
        return expired;
    }

    private void release(PendingQueue q) {
        bytes -= q.bytes;
        messages -= q.messages.size();
        for (Client<?> s : q.senders) {
            if (s != null) {
                s.queued--;
            }
        }
    }

    boolean isEmpty() {
        return queues.isEmpty();
    }

    int messages() {
        return messages;
    }

    long bytes() {
        return bytes;
    }

    int size() {
        return queues.size();
    }
}
