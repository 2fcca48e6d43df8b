package io.meshkit.signaling.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.signaling.wire.Inbound;
import io.meshkit.signaling.wire.MessageType;
import io.meshkit.signaling.wire.RawJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client can make the realm hold or do, on a fake clock: ID form and length, queue
 * bounds per sender and in number, IDs per source, wrong-token throttling, and that a socket speaks
 * only for an ID it still holds.
 */
class RealmBoundsTest {
    private static final String ERROR_REPLACED = "{\"type\":\"ERROR\",\"payload\":{\"msg\":\"Another connection took over this ID\"}}";
    private static final String ID_TAKEN = "{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}";
    private long now = 1_000_000;
    private final RecordingOutbox out = new RecordingOutbox();
    private final List<String> events = new ArrayList<>();
    private final RealmListener listener = new RealmListener() {
        @Override
        public void rejected(Rejection reason, String source) {
            events.add("rejected " + reason + " " + source);
        }

        @Override
        public void dropped(Drop reason, String source) {
            events.add("dropped " + reason + " " + source);
        }

        @Override
        public void closed(Closure reason, String source) {
            events.add("closed " + reason + " " + source);
        }

        @Override
        public void released(String id, Release reason) {
            events.add("released " + id + " " + reason);
        }
    };

    private Realm<String> realm(RealmLimits limits) {
        return new Realm<>(RealmConfig.defaults().withLimits(limits), out, listener, now);
    }

    private static RealmLimits limits(int maxIdLength, int perSender, int queues, int idsPerSource, int guesses) {
        return new RealmLimits(maxIdLength, perSender, queues, idsPerSource, guesses);
    }

    private static Inbound.Transmit offer(String dst) {
        return new Inbound.Transmit(MessageType.OFFER, dst, RawJson.of("1"));
    }

    @Test
    void shouldFollowThePeerJsClientsIdRule() {
        for (String ok : List.of("a", "A9", "a-b", "a_b", "a b", "x-1_2 3", "f47ac10b-58cc-4372-a567-0e02b2c3d479")) {
            assertThat(PeerIds.isValid(ok, 128)).as(ok).isTrue();
        }
        for (String bad : List.of("", "-a", "a-", "a--b", "a -b", "a.b", "a:b", "é", "a\"", " a", "a\n", "a/b")) {
            assertThat(PeerIds.isValid(bad, 128)).as(bad).isFalse();
        }
        assertThat(PeerIds.isValid("a".repeat(128), 128)).isTrue();
        assertThat(PeerIds.isValid("a".repeat(129), 128)).isFalse();
        assertThat(PeerIds.isValid(null, 128)).isFalse();
    }

    @Test
    void shouldRefuseAnInvalidOrTooLongIdWithAnError() {
        Realm<String> r = realm(limits(8, 128, 100, 0, 0));
        assertThat(r.connect("s1", "1.2.3.4", "a.b", "t", "peerjs", now)).isNull();
        assertThat(r.connect("s2", "1.2.3.4", "abcdefghi", "t", "peerjs", now)).isNull();
        assertThat(r.connect("s3", "1.2.3.4", "abcdefgh", "t", "peerjs", now)).isNotNull();
        assertThat(out.take()).containsExactly(
                "s1 <- {\"type\":\"ERROR\",\"payload\":{\"msg\":\"Invalid id provided\"}}", "s1 closed PLAIN",
                "s2 <- {\"type\":\"ERROR\",\"payload\":{\"msg\":\"Invalid id provided\"}}", "s2 closed PLAIN",
                "s3 <- {\"type\":\"OPEN\"}");
        assertThat(events).containsExactly("rejected INVALID_ID 1.2.3.4", "rejected INVALID_ID 1.2.3.4");
    }

    @Test
    void shouldAnswerExpireAtOnceForAnInvalidDestinationAndNeverQueueIt() {
        Realm<String> r = realm(limits(8, 128, 100, 0, 0));
        Client<String> a = r.connect("sa", "src", "a", "t", "peerjs", now);
        out.take();
        r.receive(a, "sa", offer("x".repeat(9)), now);
        r.receive(a, "sa", offer("no.dots"), now);
        r.receive(a, "sa", new Inbound.Transmit(MessageType.LEAVE, "no.dots", null), now);
        assertThat(out.take()).containsExactly(
                "sa <- {\"type\":\"EXPIRE\",\"src\":\"xxxxxxxxx\",\"dst\":\"a\"}",
                "sa <- {\"type\":\"EXPIRE\",\"src\":\"no.dots\",\"dst\":\"a\"}");
        assertThat(r.queuedMessages()).isZero();
        assertThat(r.queuedBytes()).isZero();
        assertThat(events).containsExactly("dropped INVALID_ID src", "dropped INVALID_ID src", "dropped INVALID_ID src");
    }

    @Test
    void shouldBoundWhatOneSenderQueuesAndHowManyQueuesThereAre() {
        Realm<String> r = realm(limits(128, 3, 4, 0, 0));
        Client<String> a = r.connect("sa", "a", "t", "peerjs", now);
        Client<String> b = r.connect("sb", "b", "t", "peerjs", now);
        out.take();
        for (int i = 0; i < 5; i++) {
            r.receive(a, "sa", offer("absent" + i), now);
        }
        assertThat(r.queuedMessages()).as("a's own bound").isEqualTo(3);
        assertThat(out.take()).containsExactly(
                "sa <- {\"type\":\"EXPIRE\",\"src\":\"absent3\",\"dst\":\"a\"}",
                "sa <- {\"type\":\"EXPIRE\",\"src\":\"absent4\",\"dst\":\"a\"}");
        r.receive(b, "sb", offer("other1"), now);
        r.receive(b, "sb", offer("other2"), now);
        assertThat(r.queueCount()).as("the bound on queues").isEqualTo(4);
        assertThat(out.take()).containsExactly("sb <- {\"type\":\"EXPIRE\",\"src\":\"other2\",\"dst\":\"b\"}");
        // Delivering a queue gives its sender's allowance back.
        r.connect("s0", "absent0", "t", "peerjs", now);
        r.receive(a, "sa", offer("absent5"), now);
        assertThat(r.queuedMessages()).isEqualTo(4);
        assertThat(out.take()).containsExactly("s0 <- {\"type\":\"OPEN\"}",
                "s0 <- {\"type\":\"OFFER\",\"src\":\"a\",\"dst\":\"absent0\",\"payload\":1}");
    }

    @Test
    void shouldCountIdsPerSourceAndGiveThemBack() {
        Realm<String> r = realm(limits(128, 128, 100, 2, 0));
        Client<String> one = r.connect("s1", "10.0.0.1", "one", "t", "peerjs", now);
        r.connect("s2", "10.0.0.1", "two", "t", "peerjs", now);
        assertThat(r.connect("s3", "10.0.0.1", "three", "t", "peerjs", now)).isNull();
        assertThat(r.connect("s4", "10.0.0.2", "four", "t", "peerjs", now)).isNotNull();
        assertThat(out.take()).contains(
                "s3 <- {\"type\":\"ERROR\",\"payload\":{\"msg\":\"Too many IDs from this address\"}}", "s3 closed PLAIN");
        // A same-token re-attach from the same source is not a new ID.
        assertThat(r.connect("s5", "10.0.0.1", "one", "t", "peerjs", now)).isSameAs(one);
        r.closed(one, "s5", now);
        assertThat(r.idsFrom("10.0.0.1")).isEqualTo(1);
        assertThat(r.connect("s6", "10.0.0.1", "three", "t", "peerjs", now)).isNotNull();
        assertThat(events).contains("rejected IP_IDS 10.0.0.1");
    }

    @Test
    void shouldThrottleWrongTokensPerIdAndPerSourceWithoutComparing() {
        Realm<String> r = realm(limits(128, 128, 100, 0, 3));
        r.connect("sv", "10.0.0.9", "victim", "secret", "peerjs", now);
        out.take();
        for (int i = 0; i < 5; i++) {
            assertThat(r.connect("g" + i, "10.0.0." + i, "victim", "guess" + i, "peerjs", now)).isNull();
        }
        assertThat(out.take()).as("every guess looks alike to the guesser")
                .filteredOn(e -> e.contains("<-")).hasSize(5).allMatch(e -> e.endsWith(ID_TAKEN));
        assertThat(events).containsExactly("rejected ID_TAKEN 10.0.0.0", "rejected ID_TAKEN 10.0.0.1",
                "rejected ID_TAKEN 10.0.0.2", "rejected TOKEN_THROTTLED 10.0.0.3", "rejected TOKEN_THROTTLED 10.0.0.4");
        // While throttled even the right token is not looked at (documented trade-off)...
        assertThat(r.connect("s2", "10.0.0.9", "victim", "secret", "peerjs", now)).isNull();
        // ...and a minute later the allowance is back.
        now += 60_000;
        r.tick(now);
        assertThat(r.connect("s3", "10.0.0.9", "victim", "secret", "peerjs", now)).isNotNull();
    }

    @Test
    void shouldThrottleOneSourceGuessingAcrossIds() {
        Realm<String> r = realm(limits(128, 128, 100, 0, 2));
        for (int i = 0; i < 4; i++) {
            r.connect("v" + i, "10.0.0.9", "v" + i, "secret", "peerjs", now);
        }
        for (int i = 0; i < 4; i++) {
            r.connect("g" + i, "10.6.6.6", "v" + i, "guess", "peerjs", now);
        }
        assertThat(events).containsExactly("rejected ID_TAKEN 10.6.6.6", "rejected ID_TAKEN 10.6.6.6",
                "rejected TOKEN_THROTTLED 10.6.6.6", "rejected TOKEN_THROTTLED 10.6.6.6");
        // Another source guessing is only bound by the per-ID allowance.
        assertThat(r.connect("x", "10.7.7.7", "v3", "guess", "peerjs", now)).isNull();
        assertThat(events).last().isEqualTo("rejected ID_TAKEN 10.7.7.7");
    }

    @Test
    void aSocketThatLeftIsClosedAndCannotSpeakForTheIdAgain() {
        Realm<String> r = realm(RealmLimits.defaults());
        Client<String> old = r.connect("attacker", "10.0.0.1", "alice", "ta", "peerjs", now);
        r.connect("sb", "10.0.0.2", "bob", "tb", "peerjs", now);
        out.take();
        r.receive(old, "attacker", new Inbound.Transmit(MessageType.LEAVE, null, null), now);
        assertThat(out.take()).containsExactly("attacker closed PLAIN");
        Client<String> alice = r.connect("real", "10.0.0.3", "alice", "tr", "peerjs", now);
        out.take();
        // Whatever was still in flight from the socket that left is dropped.
        r.receive(old, "attacker", offer("bob"), now);
        assertThat(out.take()).containsExactly("attacker closed PLAIN");
        r.receive(alice, "real", offer("bob"), now);
        assertThat(out.take()).containsExactly("sb <- {\"type\":\"OFFER\",\"src\":\"alice\",\"dst\":\"bob\",\"payload\":1}");
        assertThat(events).contains("released alice LEAVE", "closed LEFT 10.0.0.1", "dropped NOT_HOLDER 10.0.0.1",
                "closed NOT_HOLDER 10.0.0.1");
    }

    @Test
    void aReplacedSocketIsToldAndClosedAndCannotSpeakForTheId() {
        Realm<String> r = realm(RealmLimits.defaults());
        Client<String> a = r.connect("old", "10.0.0.1", "alice", "t", "peerjs", now);
        r.connect("sb", "10.0.0.2", "bob", "tb", "peerjs", now);
        out.take();
        assertThat(r.connect("new", "10.0.0.1", "alice", "t", "peerjs", now)).isSameAs(a);
        assertThat(out.take()).containsExactly("old <- " + ERROR_REPLACED, "old closed PLAIN");
        r.receive(a, "old", offer("bob"), now);
        assertThat(out.take()).containsExactly("old closed PLAIN");
        r.receive(a, "new", offer("bob"), now);
        assertThat(out.take()).containsExactly("sb <- {\"type\":\"OFFER\",\"src\":\"alice\",\"dst\":\"bob\",\"payload\":1}");
        assertThat(events).contains("closed REPLACED 10.0.0.1", "dropped NOT_HOLDER 10.0.0.1");
    }

    @Test
    void aClientLostToAnotherNodeIsReleasedToldAndClosed() {
        Realm<String> r = realm(limits(128, 128, 100, 1, 0));
        Client<String> a = r.connect("sa", "10.0.0.1", "alice", "t", "peerjs", now);
        out.take();
        r.lost(a, now);
        assertThat(out.take()).containsExactly("sa <- " + ERROR_REPLACED, "sa closed PLAIN");
        assertThat(r.ids()).isEmpty();
        assertThat(r.idsFrom("10.0.0.1")).as("its source's count given back").isZero();
        assertThat(events).contains("released alice MOVED", "closed REPLACED 10.0.0.1");
    }
}
