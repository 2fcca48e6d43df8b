package io.meshkit.signaling.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.signaling.wire.Inbound;
import io.meshkit.signaling.wire.MessageType;
import io.meshkit.signaling.wire.RawJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The realm's cluster hooks with a fake clustered directory (one that takes every message for an
 * ID it does not hold locally, as the Redis directory does): routing, re-delivery from another node,
 * the local queue drained when the ID is claimed elsewhere, and no routing loop.
 */
class RealmClusterTest {
    private long now = 1_000_000;
    private final RecordingOutbox out = new RecordingOutbox();
    private final List<Outbound.Relay> routed = new ArrayList<>();
    private boolean remoteTakes = true;

    private final Directory<String> directory = new Directory<>() {
        private final LocalDirectory<String> local = new LocalDirectory<>();

        @Override
        public Client<String> get(String id) {
            return local.get(id);
        }

        @Override
        public void put(Client<String> client) {
            local.put(client);
        }

        @Override
        public boolean remove(Client<String> client) {
            return local.remove(client);
        }

        @Override
        public int size() {
            return local.size();
        }

        @Override
        public List<String> ids() {
            return local.ids();
        }

        @Override
        public List<Client<String>> snapshot() {
            return local.snapshot();
        }

        @Override
        public boolean deliverRemote(String dst, Outbound.Relay message) {
            routed.add(message);
            return remoteTakes;
        }
    };

    private final Realm<String> realm = new Realm<>(RealmConfig.defaults().withTimeouts(1000, 60_000), out, directory,
            RealmListener.NONE, now);

    @Test
    void shouldHandEveryMessageForAnIdNotHeldHereToTheDirectoryLeaveAndExpireIncluded() {
        Client<String> a = realm.connect("sa", "a", "t", "peerjs", now);
        out.take();
        realm.receive(a, a.connection(), new Inbound.Transmit(MessageType.OFFER, "b", RawJson.of("{}")), now);
        realm.receive(a, a.connection(), new Inbound.Transmit(MessageType.LEAVE, "b", null), now);
        realm.receive(a, a.connection(), new Inbound.Transmit(MessageType.EXPIRE, "b", null), now);
        assertThat(routed).extracting(Outbound.Relay::type)
                .containsExactly(MessageType.OFFER, MessageType.LEAVE, MessageType.EXPIRE);
        assertThat(out.take()).isEmpty();
        assertThat(realm.queuedMessages()).isZero();
    }

    @Test
    void shouldDeliverAMessageFromAnotherNodeLocallyAndQueueItWhenTheIdIsNotHere() {
        realm.connect("sb", "b", "t", "peerjs", now);
        out.take();
        realm.deliverHere(new Outbound.Relay(MessageType.OFFER, "a", "b", RawJson.of("{\"x\":1}")), now);
        assertThat(out.take()).containsExactly("sb <- {\"type\":\"OFFER\",\"src\":\"a\",\"dst\":\"b\",\"payload\":{\"x\":1}}");
        // Not here: queued (never routed again, so two nodes cannot bounce it between them).
        realm.deliverHere(new Outbound.Relay(MessageType.OFFER, "a", "gone", RawJson.of("{}")), now);
        assertThat(routed).isEmpty();
        assertThat(realm.queuedMessages()).isEqualTo(1);
        // LEAVE and EXPIRE for an absent ID are dropped, as on one node.
        realm.deliverHere(new Outbound.Relay(MessageType.LEAVE, "a", "gone", null), now);
        assertThat(realm.queuedMessages()).isEqualTo(1);
    }

    @Test
    void shouldExpireAQueuedMessageToItsLocalSenderAsOnOneNode() {
        Client<String> a = realm.connect("sa", "a", "t", "peerjs", now);
        out.take();
        remoteTakes = false; // the directory found no holder anywhere
        realm.receive(a, a.connection(), new Inbound.Transmit(MessageType.OFFER, "b", RawJson.of("{}")), now);
        assertThat(realm.queuedMessages()).isEqualTo(1);
        for (long t = now; t <= now + 2000; t += 10) {
            realm.tick(t);
        }
        assertThat(out.take()).containsExactly("sa <- {\"type\":\"EXPIRE\",\"src\":\"b\",\"dst\":\"a\"}");
    }

    @Test
    void shouldHandWhatWaitedForAnIdToTheDirectoryWhenItIsClaimedElsewhere() {
        Client<String> a = realm.connect("sa", "a", "t", "peerjs", now);
        remoteTakes = false;
        realm.receive(a, a.connection(), new Inbound.Transmit(MessageType.OFFER, "b", RawJson.of("{\"n\":1}")), now);
        realm.receive(a, a.connection(), new Inbound.Transmit(MessageType.CANDIDATE, "b", RawJson.of("{\"n\":2}")), now);
        routed.clear();
        remoteTakes = true;
        realm.deliverQueuedFor("b", now);
        assertThat(routed).extracting(Outbound.Relay::type).containsExactly(MessageType.OFFER, MessageType.CANDIDATE);
        assertThat(realm.queuedMessages()).isZero();
        assertThat(realm.queuedBytes()).isZero();
    }
}
