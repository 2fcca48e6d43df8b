package io.meshkit.signaling.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which node holds an ID, as Redis last answered, so that a message for a client of another node
 * is one {@code PUBLISH} to that node instead of a lookup script per message. Bounded (least
 * recently used out) and used on the event loop only.
 *
 * <p>Correctness does not rest on the cache being fresh: the node a message reaches checks its own
 * clients and forwards a message for an ID it no longer holds (once), so a stale entry costs a hop,
 * never a delivery to the wrong socket. Freshness comes from invalidation: every change of an ID's
 * holder is announced on the claims channel ({@code C<id>} on a claim or move, {@code R<id>} on a
 * release) and drops its entry; a {@code PUBLISH} that reached no subscriber (a dead node) drops it;
 * and a (re)connection to Redis drops them all (announcements may have been missed meanwhile).
 *
 * <p>A lookup answer can arrive after an announcement that happened later in Redis (answers and
 * announcements come on two connections, in no common order); {@link #put} therefore takes the
 * {@link #version()} read when the lookup was sent and ignores the answer if anything was
 * invalidated since.
 */
final class OwnerCache {
    private final int capacity;
    private final Map<String, String> owners;
    private long version;
    private long hits;
    private long misses;

    /** {@code capacity} 0 turns the cache off (every message is looked up in Redis). */
    OwnerCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0");
        }
        this.capacity = capacity;
        this.owners = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > OwnerCache.this.capacity;
            }
        };
    }

    /** The node last known to hold {@code id}, or {@code null} (then a lookup in Redis). */
    String get(String id) {
        String node = capacity == 0 ? null : owners.get(id);
        if (node == null) {
            misses++;
        } else {
            hits++;
        }
        return node;
    }

    /** Changes with every invalidation: read it when sending a lookup, give it back to {@link #put}. */
    long version() {
        return version;
    }

    /** Records Redis' answer to a lookup sent at {@code versionAtLookup}, unless something was invalidated since. */
    void put(String id, String node, long versionAtLookup) {
        if (capacity > 0 && versionAtLookup == version) {
            owners.put(id, node);
        }
    }

    /** {@code id} changed hands (claimed, moved, released) or its node stopped listening. */
    void invalidate(String id) {
        version++;
        owners.remove(id);
    }

    /** Everything: after a (re)connection to Redis, when announcements may have been missed. */
    void clear() {
        version++;
        owners.clear();
    }

    int size() {
        return owners.size();
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }
}
