package io.meshkit.signaling.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.signaling.wire.Inbound;
import io.meshkit.signaling.wire.MessageType;
import io.meshkit.signaling.wire.RawJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The realm driven by a fake clock: every timer is a {@code tick(now)}, nothing sleeps. */
class RealmTest {
    private long now = 1_000_000;
    private final RecordingOutbox out = new RecordingOutbox();
    private final List<String> events = new ArrayList<>();
    private final RealmListener listener = new RealmListener() {
        @Override
        public void released(String id, Release reason) {
            events.add("released " + id + " " + reason);
        }

        @Override
        public void rejected(Rejection reason, String source) {
            events.add("rejected " + reason);
        }

        @Override
        public void expired(int messages, int expireSent) {
            events.add("expired " + messages + "/" + expireSent);
        }

        @Override
        public void dropped(Drop reason, String source) {
            events.add("dropped " + reason);
        }

        @Override
        public void closed(Closure reason, String source) {
            events.add("closed " + reason);
        }
    };

    private Realm<String> realm(RealmConfig cfg) {
        return new Realm<>(cfg, out, listener, now);
    }

    private static Inbound.Transmit offer(String dst, String payload) {
        return new Inbound.Transmit(MessageType.OFFER, dst, payload == null ? null : RawJson.of(payload));
    }

    private void advanceTo(Realm<String> r, long t) {
        // Step in 10 ms increments, as the adapter's timer would.
        while (now < t) {
            now = Math.min(t, now + 10);
            r.tick(now);
        }
    }

    @Test
    void shouldOpenNewIdAndRefuseBadParametersAndKey() {
        Realm<String> r = realm(RealmConfig.defaults());
        assertThat(r.connect("s1", "a", "t", "peerjs", now)).isNotNull();
        assertThat(r.connect("s2", "", "t", "peerjs", now)).isNull();
        assertThat(r.connect("s3", "b", null, "peerjs", now)).isNull();
        assertThat(r.connect("s4", "b", "t", "other", now)).isNull();
        assertThat(out.take()).containsExactly(
                "s1 <- {\"type\":\"OPEN\"}",
                "s2 <- {\"type\":\"ERROR\",\"payload\":{\"msg\":\"No id, token, or key supplied to websocket server\"}}",
                "s2 closed PLAIN",
                "s3 <- {\"type\":\"ERROR\",\"payload\":{\"msg\":\"No id, token, or key supplied to websocket server\"}}",
                "s3 closed PLAIN",
                "s4 <- {\"type\":\"ERROR\",\"payload\":{\"msg\":\"Invalid key provided\"}}",
                "s4 closed PLAIN");
        assertThat(r.ids()).containsExactly("a");
    }

    @Test
    void shouldAnswerIdTakenToAnotherTokenAndReattachTheSameToken() {
        Realm<String> r = realm(RealmConfig.defaults());
        Client<String> a = r.connect("s1", "a", "t", "peerjs", now);
        out.take();
        assertThat(r.connect("s2", "a", "other", "peerjs", now)).isNull();
        assertThat(out.take()).containsExactly(
                "s2 <- {\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}", "s2 closed PLAIN");
        assertThat(r.connect("s3", "a", "t", "peerjs", now)).isSameAs(a);
        assertThat(out.take()).as("a re-attach sends no OPEN; the replaced socket is told and closed (ours)")
                .containsExactly("s1 <- {\"type\":\"ERROR\",\"payload\":{\"msg\":\"Another connection took over this ID\"}}",
                        "s1 closed PLAIN");
        // The old socket closing no longer releases the ID; the attached one does.
        r.closed(a, "s1", now);
        assertThat(r.ids()).containsExactly("a");
        r.closed(a, "s3", now);
        assertThat(r.ids()).isEmpty();
        assertThat(events).containsExactly("rejected ID_TAKEN", "closed REPLACED", "released a SOCKET_CLOSED");
    }

    @Test
    void shouldCountIdsAgainstTheConcurrentLimitButNotReattaches() {
        Realm<String> r = realm(RealmConfig.defaults().withConcurrentLimit(1));
        r.connect("s1", "a", "t", "peerjs", now);
        assertThat(r.connect("s2", "b", "t", "peerjs", now)).isNull();
        assertThat(r.connect("s3", "a", "t", "peerjs", now)).isNotNull();
        assertThat(out.take()).containsExactly("s1 <- {\"type\":\"OPEN\"}",
                "s2 <- {\"type\":\"ERROR\",\"payload\":{\"msg\":\"Server has reached its concurrent user limit\"}}",
                "s2 closed PLAIN",
                "s1 <- {\"type\":\"ERROR\",\"payload\":{\"msg\":\"Another connection took over this ID\"}}",
                "s1 closed PLAIN");
    }

    @Test
    void shouldRelayWithSrcStampedByTheServer() {
        Realm<String> r = realm(RealmConfig.defaults());
        Client<String> a = r.connect("sa", "a", "t", "peerjs", now);
        r.connect("sb", "b", "t", "peerjs", now);
        out.take();
        r.receive(a, a.connection(), offer("b", "{\"sdp\":\"x\"}"), now);
        r.receive(a, a.connection(), new Inbound.Transmit(MessageType.CANDIDATE, "b", null), now);
        assertThat(out.take()).containsExactly(
                "sb <- {\"type\":\"OFFER\",\"src\":\"a\",\"dst\":\"b\",\"payload\":{\"sdp\":\"x\"}}",
                "sb <- {\"type\":\"CANDIDATE\",\"src\":\"a\",\"dst\":\"b\"}");
    }

    @Test
    void shouldQueueForAnAbsentIdAndDeliverAfterOpen() {
        Realm<String> r = realm(RealmConfig.defaults());
        Client<String> a = r.connect("sa", "a", "t", "peerjs", now);
        out.take();
        r.receive(a, a.connection(), offer("late", "1"), now);
        r.receive(a, a.connection(), new Inbound.Transmit(MessageType.LEAVE, "nobody", null), now);
        assertThat(r.queuedMessages()).isEqualTo(1);
        r.connect("sl", "late", "t", "peerjs", now + 10);
        assertThat(out.take()).containsExactly("sl <- {\"type\":\"OPEN\"}",
                "sl <- {\"type\":\"OFFER\",\"src\":\"a\",\"dst\":\"late\",\"payload\":1}");
        assertThat(r.queuedMessages()).isZero();
    }

    @Test
    void shouldExpireAQueueOncePerPairAtTheFirstSweepAfterTheTimeout() {
        Realm<String> r = realm(RealmConfig.defaults());
        Client<String> a = r.connect("sa", "a", "t", "peerjs", now);
        out.take();
        long start = now;
        r.receive(a, a.connection(), offer("x", "1"), now);
        r.receive(a, a.connection(), new Inbound.Transmit(MessageType.CANDIDATE, "x", RawJson.of("2")), now);
        advanceTo(r, start + 4990);
        assertThat(out.take()).as("not before expire_timeout").isEmpty();
        // Sweeps run every 1000 ms from realm creation; the first at or after 5000 ms of age expires it.
        advanceTo(r, start + 6000);
        assertThat(out.take()).containsExactly("sa <- {\"type\":\"EXPIRE\",\"src\":\"x\",\"dst\":\"a\"}");
        assertThat(events).contains("expired 2/1");
        assertThat(r.queuedMessages()).isZero();
        assertThat(r.queuedBytes()).isZero();
    }

    @Test
    void shouldNotAnswerExpireToASenderThatLeft() {
        Realm<String> r = realm(RealmConfig.defaults());
        Client<String> a = r.connect("sa", "a", "t", "peerjs", now);
        r.receive(a, a.connection(), offer("x", "1"), now);
        r.closed(a, "sa", now);
        out.take();
        advanceTo(r, now + 7000);
        assertThat(out.take()).isEmpty();
    }

    @Test
    void shouldReleaseAnIdWithoutHeartbeatAfterAliveTimeout() {
        Realm<String> r = realm(RealmConfig.defaults().withTimeouts(5000, 1000));
        Client<String> silent = r.connect("s1", "silent", "t", "peerjs", now);
        Client<String> alive = r.connect("s2", "alive", "t", "peerjs", now);
        out.take();
        long start = now;
        for (int i = 1; i <= 10; i++) {
            advanceTo(r, start + i * 200L);
            r.receive(alive, "s2", Inbound.Heartbeat.INSTANCE, now);
            // Other messages do not count as liveness.
            if (silent.connection() != null) {
                r.receive(silent, "s1", new Inbound.Ignored(Inbound.Reason.UNKNOWN_TYPE), now);
            }
        }
        assertThat(r.ids()).containsExactly("alive");
        assertThat(out.take()).containsExactly("s1 closed PLAIN");
        assertThat(silent.connection()).isNull();
        assertThat(events).contains("released silent ALIVE_TIMEOUT");
    }

    @Test
    void shouldReleaseOwnIdOnLeaveWithoutDestination() {
        Realm<String> r = realm(RealmConfig.defaults());
        Client<String> a = r.connect("sa", "a", "t", "peerjs", now);
        r.receive(a, a.connection(), new Inbound.Transmit(MessageType.LEAVE, null, null), now);
        assertThat(r.ids()).isEmpty();
        assertThat(r.connect("sb", "a", "other", "peerjs", now)).isNotNull();
        // The first socket closing later must not release the new holder (a guard the reference lacks).
        r.closed(a, "sa", now);
        assertThat(r.ids()).containsExactly("a");
    }

    @Test
    void shouldAnswerLeaveOnBehalfOfADeadDestination() {
        Realm<String> r = realm(RealmConfig.defaults());
        Client<String> a = r.connect("sa", "a", "t", "peerjs", now);
        r.connect("sb", "b", "t", "peerjs", now);
        out.take();
        out.dead.add("sb");
        r.receive(a, a.connection(), offer("b", "1"), now);
        assertThat(out.take()).containsExactly("sb closed PLAIN",
                "sa <- {\"type\":\"LEAVE\",\"src\":\"b\",\"dst\":\"a\"}");
        assertThat(events).contains("dropped DEAD_DESTINATION");
    }

    @Test
    void shouldBoundQueuesPerPeerAndInTotal() {
        // A message to x costs payload 1 + IDs 2 + 128 overhead = 131; the queue for x 1 + 160 = 161.
        Realm<String> r = realm(RealmConfig.defaults().withQueueLimits(2, 600));
        Client<String> a = r.connect("sa", "a", "t", "peerjs", now);
        out.take();
        r.receive(a, "sa", offer("x", "1"), now);
        r.receive(a, "sa", offer("x", "2"), now);
        r.receive(a, "sa", offer("x", "3"), now);
        assertThat(out.take()).as("the third for x is over the per-peer bound: EXPIRE at once")
                .containsExactly("sa <- {\"type\":\"EXPIRE\",\"src\":\"x\",\"dst\":\"a\"}");
        assertThat(r.queuedBytes()).isEqualTo(161 + 131 + 131);
        // 11 + 2 + 128 + a new queue 161 = 302 would pass the 600-byte total.
        r.receive(a, "sa", offer("y", "\"123456789\""), now);
        assertThat(out.take()).as("over the total")
                .containsExactly("sa <- {\"type\":\"EXPIRE\",\"src\":\"y\",\"dst\":\"a\"}");
        assertThat(r.queuedMessages()).isEqualTo(2);
        assertThat(r.queuedBytes()).isEqualTo(423);
        assertThat(events).containsExactly("dropped QUEUE_FULL", "dropped QUEUE_FULL");
    }

    @Test
    void shouldGenerateIdsNoOneHolds() {
        Realm<String> r = realm(RealmConfig.defaults());
        r.connect("s", "taken", "t", "peerjs", now);
        java.util.Iterator<String> ids = List.of("taken", "taken", "free").iterator();
        assertThat(r.generateId(ids::next)).isEqualTo("free");
    }
}
