package io.meshkit.mesh.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import io.meshkit.testkit.PeerServers;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two JVM peers through the reference peerjs-server (npm {@code peer@1.0.2}): registration, ID-TAKEN,
 * reconnect with the same token, and DataConnections in both serializations (with chunking).
 */
class PeerJsPeerIT {
    private static PeerServers.Running server;
    private static ScheduledExecutorService timer;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = PeerServers.start(PeerServers.Kind.REFERENCE, List.of());
        timer = Executors.newScheduledThreadPool(1);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static SignalingEndpoint endpoint() {
        return SignalingEndpoint.parse("http://127.0.0.1:" + server.port() + "/", "peerjs");
    }

    /** Records a peer's events. */
    static class Events implements PeerJsPeer.Listener {
        final CompletableFuture<Void> open = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final BlockingQueue<DataConnection> incoming = new LinkedBlockingQueue<>();
        final BlockingQueue<Object> data = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(PeerJsPeer peer) {
            open.complete(null);
        }

        @Override
        public void onConnection(PeerJsPeer peer, DataConnection c) {
            c.listener(new DataConnection.Listener() {
                @Override
                public void onData(DataConnection c, Object value) {
                    data.add(value);
                }
            });
            incoming.add(c);
        }

        @Override
        public void onClosed(PeerJsPeer peer, String reason) {
            closed.complete(reason);
        }
    }

    private static PeerJsPeer peer(String id, Events events) {
        return new PeerJsPeer(http, timer, endpoint(), id, List.of(), SignalingClient.Settings.DEFAULTS, events);
    }

    @Test
    void shouldRefuseAnIdAlreadyTaken() throws Exception {
        Events a = new Events();
        Events b = new Events();
        try (PeerJsPeer first = peer("taken-1", a)) {
            a.open.get(10, TimeUnit.SECONDS);
            PeerJsPeer second = peer("taken-1", b);
            assertThat(b.closed.get(10, TimeUnit.SECONDS)).isEqualTo("ID-TAKEN");
            assertThat(first.isOpen()).isTrue();
            assertThat(second.isOpen()).isFalse();
            second.close();
        }
    }

    @Test
    void shouldReattachToItsIdAfterATransientDrop() throws Exception {
        Events a = new Events();
        try (PeerJsPeer p = peer("drop-1", a)) {
            a.open.get(10, TimeUnit.SECONDS);
            p.signaling().abortSocketForTest();
            assertThat(p.isOpen()).isFalse();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!p.isOpen() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20); // polling a condition with a deadline
            }
            assertThat(p.isOpen()).as("re-registered with the same token").isTrue();
            assertThat(a.closed).isNotDone();
        }
    }

    @Test
    void shouldCarryJsonBothWays() throws Exception {
        roundTrip(Serialization.JSON, Map.of("hello", "world", "n", 42), "json-a", "json-b");
    }

    @Test
    void shouldCarryBinaryPackBothWaysIncludingChunkedMessages() throws Exception {
        byte[] big = new byte[50_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        Object got = roundTrip(Serialization.BINARY, Map.of("blob", big, "list", List.of(1, "two", 3.5)), "bin-a", "bin-b");
        assertThat((byte[]) ((Map<?, ?>) got).get("blob")).isEqualTo(big);
    }

    private Object roundTrip(Serialization s, Object value, String idA, String idB) throws Exception {
        Events a = new Events();
        Events b = new Events();
        try (PeerJsPeer pa = peer(idA, a); PeerJsPeer pb = peer(idB, b)) {
            a.open.get(10, TimeUnit.SECONDS);
            b.open.get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> opened = new CompletableFuture<>();
            BlockingQueue<Object> back = new LinkedBlockingQueue<>();
            DataConnection out = pa.connect(idB, s, true, Map.of("from", idA));
            out.listener(new DataConnection.Listener() {
                @Override
                public void onOpen(DataConnection c) {
                    opened.complete(null);
                }

                @Override
                public void onData(DataConnection c, Object v) {
                    back.add(v);
                }
            });
            opened.get(15, TimeUnit.SECONDS);
            assertThat(out.send(value)).isTrue();
            Object got = b.data.poll(10, TimeUnit.SECONDS);
            assertThat(got).as("received by B").isNotNull();
            DataConnection in = b.incoming.poll(1, TimeUnit.SECONDS);
            assertThat(in).isNotNull();
            assertThat(in.serialization()).isEqualTo(s);
            assertThat(in.label()).isEqualTo(out.connectionId());
            assertThat(in.metadata()).isEqualTo(Map.of("from", idA));
            assertThat(in.send("pong")).isTrue();
            assertThat(back.poll(10, TimeUnit.SECONDS)).isEqualTo("pong");
            return got;
        }
    }

    /** Opens a connection from {@code idA} to {@code idB}; both ends are returned open, with close reasons recorded. */
    private record Pair(PeerJsPeer a, PeerJsPeer b, DataConnection out, DataConnection in,
                        CompletableFuture<String> outClosed, CompletableFuture<String> inClosed) implements AutoCloseable {
        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    private Pair open(Serialization s, String idA, String idB, int inLimit) throws Exception {
        CompletableFuture<String> inClosed = new CompletableFuture<>();
        CompletableFuture<DataConnection> inOpen = new CompletableFuture<>();
        Events a = new Events();
        Events b = new Events() {
            @Override
            public void onConnection(PeerJsPeer peer, DataConnection c) {
                c.maxMessageBytes(inLimit).listener(new DataConnection.Listener() {
                    @Override
                    public void onOpen(DataConnection c) {
                        inOpen.complete(c);
                    }

                    @Override
                    public void onClose(DataConnection c, String reason) {
                        inClosed.complete(reason);
                    }
                });
            }
        };
        PeerJsPeer pa = peer(idA, a);
        PeerJsPeer pb = peer(idB, b);
        a.open.get(10, TimeUnit.SECONDS);
        b.open.get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CompletableFuture<String> outClosed = new CompletableFuture<>();
        DataConnection out = pa.connect(idB, s, true, null);
        out.listener(new DataConnection.Listener() {
            @Override
            public void onOpen(DataConnection c) {
                opened.complete(null);
            }

            @Override
            public void onClose(DataConnection c, String reason) {
                outClosed.complete(reason);
            }
        });
        opened.get(15, TimeUnit.SECONDS);
        return new Pair(pa, pb, out, inOpen.get(15, TimeUnit.SECONDS), outClosed, inClosed);
    }

    @Test
    void shouldCloseTheLinkRatherThanDropAMessageTooBigToSend() throws Exception {
        try (Pair p = open(Serialization.JSON, "big-json-a", "big-json-b", 16_299)) {
            // A json link carries what PeerJS's Json can send back: under 16,300 bytes.
            assertThat(p.out().sendJsonText("{\"s\":\"" + "x".repeat(20_000) + "\"}")).isFalse();
            assertThat(p.outClosed().get(10, TimeUnit.SECONDS)).isEqualTo("a 20008-byte message to send; the limit is 16299");
            assertThat(p.inClosed().get(15, TimeUnit.SECONDS)).as("the remote sees the link go").isNotNull();
        }
    }

    @Test
    void shouldCloseTheLinkWhenAMessageOverItsLimitArrives() throws Exception {
        try (Pair p = open(Serialization.BINARY, "big-bin-a", "big-bin-b", 16_299)) {
            // The sender's binary link has PeerJS's 16 MiB bound and chunks 40 kB; the receiver's limit is the mesh's.
            assertThat(p.out().send(Map.of("blob", new byte[40_000]))).isTrue();
            assertThat(p.inClosed().get(10, TimeUnit.SECONDS)).startsWith("received a ").endsWith(
                    "-byte message; the limit is 16299 on a binary link");
            assertThat(p.outClosed().get(15, TimeUnit.SECONDS)).as("the sender sees the link go").isNotNull();
        }
    }
}
