package io.meshkit.signaling.core;

import io.meshkit.signaling.wire.Inbound;
import io.meshkit.signaling.wire.PeerJsDecoder;
import io.meshkit.signaling.wire.PeerJsEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A rough figure, not a test: the CPU cost of the relay path without the network (decode a
 * PeerJS-sized OFFER frame, run it through the realm, encode the relayed frame). Run with
 * {@code java -cp target/classes:target/test-classes:<deps> io.meshkit.signaling.core.RelayPathCost}.
 */
public final class RelayPathCost {
    private RelayPathCost() {}

    public static void main(String[] args) {
        long[] sink = new long[1];
        Outbox<Integer> out = new Outbox<>() {
            @Override
            public boolean send(Integer c, Outbound m) {
                if (m instanceof Outbound.Relay r) {
                    sink[0] += PeerJsEncoder.relay(r.type(), r.src(), r.dst(), r.payload()).length;
                }
                return true;
            }

            @Override
            public void close(Integer c, CloseKind k) {}
        };
        Realm<Integer> realm = new Realm<>(RealmConfig.defaults(), out, RealmListener.NONE, 0);
        int pairs = 1000;
        @SuppressWarnings("unchecked")
        Client<Integer>[] a = new Client[pairs];
        byte[][] frames = new byte[pairs][];
        String sdp = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n" + "a=x\\r\\n".repeat(40);
        for (int i = 0; i < pairs; i++) {
            a[i] = realm.connect(2 * i, "a" + i + "-0b6a4c2e-5b1f-4a8e-9d1c-3f2e1a0b9c8d", "t", "peerjs", 0);
            realm.connect(2 * i + 1, "b" + i + "-0b6a4c2e-5b1f-4a8e-9d1c-3f2e1a0b9c8d", "t", "peerjs", 0);
            frames[i] = ("{\"type\":\"OFFER\",\"dst\":\"b" + i + "-0b6a4c2e-5b1f-4a8e-9d1c-3f2e1a0b9c8d\",\"payload\":{\"sdp\":\""
                    + sdp + "\",\"type\":\"offer\",\"connectionId\":\"dc_1\"}}").getBytes(StandardCharsets.UTF_8);
        }
        PeerJsDecoder decoder = new PeerJsDecoder(65536);
        for (int round = 0; round < 5; round++) {
            long n = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 2_000_000_000L) {
                for (int i = 0; i < pairs; i++) {
                    Inbound in = decoder.decode(frames[i], 0, frames[i].length);
                    realm.receive(a[i], a[i].connection(), in, 0);
                }
                n += pairs;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("round %d: %.0f relays/s on one thread (%d-byte frames)%n", round, n / secs, frames[0].length);
        }
        System.out.println(sink[0] > 0 ? "" : "nothing encoded?");
    }
}
