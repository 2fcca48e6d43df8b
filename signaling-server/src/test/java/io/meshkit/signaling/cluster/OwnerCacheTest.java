package io.meshkit.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnerCacheTest {
    @Test
    void shouldRememberWhatALookupFoundUntilTheIdChangesHands() {
        OwnerCache cache = new OwnerCache(10);
        assertThat(cache.get("d")).isNull();
        cache.put("d", "node-b", cache.version());
        assertThat(cache.get("d")).isEqualTo("node-b");

        cache.invalidate("d");

        assertThat(cache.get("d")).isNull();
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void shouldIgnoreALookupAnsweredAfterAnInvalidationItMayPredate() {
        OwnerCache cache = new OwnerCache(10);
        long sent = cache.version();
        // The lookup ran in Redis before "d" moved; the move's announcement is handled before the answer.
        cache.invalidate("d");
        cache.put("d", "node-b", sent);

        assertThat(cache.get("d")).isNull();
        // A lookup sent after the announcement is kept.
        cache.put("d", "node-c", cache.version());
        assertThat(cache.get("d")).isEqualTo("node-c");
    }

    @Test
    void shouldForgetEverythingOnAReconnection() {
        OwnerCache cache = new OwnerCache(10);
        long sent = cache.version();
        cache.put("a", "n1", sent);
        cache.put("b", "n2", sent);

        cache.clear();
        cache.put("c", "n3", sent);

        assertThat(cache.size()).isZero();
        assertThat(cache.get("a")).isNull();
    }

    @Test
    void shouldStayWithinItsCapacityDroppingTheLeastRecentlyUsed() {
        OwnerCache cache = new OwnerCache(3);
        for (String id : new String[] {"a", "b", "c"}) {
            cache.put(id, "n", cache.version());
        }
        cache.get("a");
        cache.put("d", "n", cache.version());

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isEqualTo("n");
        assertThat(cache.get("d")).isEqualTo("n");
    }

    @Test
    void shouldHoldNothingWhenTurnedOff() {
        OwnerCache cache = new OwnerCache(0);
        cache.put("d", "node-b", cache.version());

        assertThat(cache.get("d")).isNull();
        assertThat(cache.size()).isZero();
    }
}
