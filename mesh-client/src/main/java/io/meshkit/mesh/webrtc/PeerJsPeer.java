package io.meshkit.mesh.webrtc;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCPeerConnection;
import io.meshkit.mesh.peerjs.PeerJsWire;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import io.meshkit.mesh.peerjs.SignalingMessage;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM counterpart of a PeerJS {@code Peer}: one ID registered on a signaling server, able to
 * open DataConnections to other IDs and to accept theirs, wire-compatible with the PeerJS 1.5
 * browser client in both directions.
 *
 * <p>All connection state changes and listener calls happen on one event thread per peer.
 */
public final class PeerJsPeer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerJsPeer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Most connections held at once; offers beyond it are refused (a flood of offers costs native resources). */
    public static final int MAX_CONNECTIONS = 256;

    /** Events of the peer, on its event thread. */
    public interface Listener {
        /** The server confirmed the ID ({@code OPEN}); also after a reconnect. */
        default void onOpen(PeerJsPeer peer) {}

        /** A remote peer opened a connection to us; set its listener now. */
        default void onConnection(PeerJsPeer peer, DataConnection connection) {}

        /** An offer to {@code remoteId} expired ({@code EXPIRE}, PeerJS {@code peer-unavailable}). */
        default void onPeerUnavailable(PeerJsPeer peer, String remoteId) {}

        /** The signaling socket dropped and is being re-established with the same token. */
        default void onReconnecting(PeerJsPeer peer, int attempt) {}

        /** The registration ended: {@code ID-TAKEN}, {@code INVALID-KEY}, {@code ERROR}, given up, or closed. */
        default void onClosed(PeerJsPeer peer, String reason) {}
    }

    private final String id;
    private final RTCConfiguration rtcConfig;
    private final Listener listener;
    private final ExecutorService loop;
    private final SignalingClient signaling;
    private final Map<String, DataConnection> connections = new LinkedHashMap<>();
    private volatile boolean closed;

    /**
     * Registers {@code id} on {@code endpoint} (asynchronously; watch {@link Listener#onOpen} or
     * {@link Listener#onClosed}). {@code iceServers} are URLs like {@code stun:203.0.113.1:3478}.
     */
    public PeerJsPeer(HttpClient http, ScheduledExecutorService timer, SignalingEndpoint endpoint, String id,
                      List<String> iceServers, SignalingClient.Settings settings, Listener listener) {
        this.id = id;
        this.rtcConfig = WebRtc.configuration(iceServers);
        this.listener = listener;
        this.loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "peerjs-" + id);
            t.setDaemon(true);
            return t;
        });
        this.signaling = new SignalingClient(http, endpoint, id, randomToken(), new SignalingListener(), timer, settings);
        signaling.start();
    }

    public String id() {
        return id;
    }

    /** True while the server holds our ID for us. */
    public boolean isOpen() {
        return signaling.isOpen();
    }

    /** The underlying signaling client (tests use it to simulate a drop). */
    public SignalingClient signaling() {
        return signaling;
    }

    /** Opens a DataConnection to {@code remoteId} (PeerJS {@code peer.connect}). */
    public DataConnection connect(String remoteId, Serialization serialization, boolean reliable, Object metadata) {
        String connectionId = "dc_" + randomToken();
        DataConnection c = new DataConnection(this, loop, remoteId, connectionId, connectionId, serialization,
                reliable, metadata);
        loop.execute(() -> {
            if (closed) {
                c.close("peer closed");
                return;
            }
            connections.put(connectionId, c);
            c.startAsOfferer(newPeerConnection(c));
        });
        return c;
    }

    /** Connections currently held. */
    public List<DataConnection> connections() {
        try {
            return loop.submit(() -> List.copyOf(connections.values())).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Closes every connection and leaves the server cleanly (frees the ID at once). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            loop.submit(() -> {
                for (DataConnection c : new ArrayList<>(connections.values())) {
                    c.close("peer closed");
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing connections of {}: {}", id, e.toString());
        }
        signaling.close();
        loop.shutdown();
    }

    // ------------------------------------------------------------------ called by DataConnection (event thread)

    void sendOffer(DataConnection c, SignalingMessage.SessionDescription sdp) {
        signaling.send(PeerJsWire.offer(c.peer(), new SignalingMessage.OfferPayload(sdp, "data", c.connectionId(),
                c.label(), c.serialization().wire(), c.reliable(), c.metadata())));
    }

    void sendAnswer(DataConnection c, SignalingMessage.SessionDescription sdp) {
        signaling.send(PeerJsWire.answer(c.peer(), new SignalingMessage.AnswerPayload(sdp, "data", c.connectionId())));
    }

    void sendCandidate(DataConnection c, SignalingMessage.IceCandidate candidate) {
        signaling.send(PeerJsWire.candidate(c.peer(),
                new SignalingMessage.CandidatePayload(candidate, "data", c.connectionId())));
    }

    void forget(DataConnection c) {
        connections.remove(c.connectionId(), c);
    }

    private RTCPeerConnection newPeerConnection(DataConnection c) {
        return WebRtc.factory().createPeerConnection(rtcConfig, new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                loop.execute(() -> c.onLocalCandidate(candidate));
            }

            @Override
            public void onIceConnectionChange(RTCIceConnectionState state) {
                loop.execute(() -> c.onIceConnectionChange(state));
            }

            @Override
            public void onDataChannel(RTCDataChannel dataChannel) {
                loop.execute(() -> c.attachChannel(dataChannel));
            }
        });
    }

    // ------------------------------------------------------------------ signaling (event thread)

    private void handle(SignalingMessage m) {
        if (closed) {
            return;
        }
        if (m instanceof SignalingMessage.Offer o) {
            onOffer(o);
        } else if (m instanceof SignalingMessage.Answer a) {
            DataConnection c = connections.get(a.payload().connectionId());
            if (c != null && c.peer().equals(a.src())) {
                c.onAnswer(a.payload().sdp());
            }
        } else if (m instanceof SignalingMessage.Candidate cand) {
            DataConnection c = connections.get(cand.payload().connectionId());
            if (c != null && c.peer().equals(cand.src())) {
                c.onRemoteCandidate(cand.payload().candidate());
            }
        } else if (m instanceof SignalingMessage.Leave l) {
            // peer.ts: LEAVE closes every connection with that peer.
            for (DataConnection c : new ArrayList<>(connections.values())) {
                if (c.peer().equals(l.src())) {
                    c.close("remote left");
                }
            }
        } else if (m instanceof SignalingMessage.Expire e) {
            for (DataConnection c : new ArrayList<>(connections.values())) {
                if (c.peer().equals(e.src()) && !c.isOpen()) {
                    c.close("peer unavailable");
                }
            }
            listener.onPeerUnavailable(this, e.src());
        }
    }

    private void onOffer(SignalingMessage.Offer o) {
        SignalingMessage.OfferPayload p = o.payload();
        if (!"data".equals(p.type())) {
            LOG.debug("ignored a {} offer from a peer (data only)", p.type());
            return;
        }
        Serialization s = Serialization.fromWire(p.serialization()).orElse(null);
        if (s == null) {
            LOG.debug("ignored an offer with an unsupported serialization");
            return;
        }
        DataConnection existing = connections.get(p.connectionId());
        if (existing != null) {
            // peer.ts: an offer for an existing connection ID replaces it.
            existing.close("replaced by a new offer");
        }
        if (connections.size() >= MAX_CONNECTIONS) {
            LOG.warn("refused an offer: {} connections already open", MAX_CONNECTIONS);
            return;
        }
        String label = p.label() == null ? p.connectionId() : p.label();
        DataConnection c = new DataConnection(this, loop, o.src(), p.connectionId(), label, s, p.reliable(),
                p.metadata());
        connections.put(p.connectionId(), c);
        listener.onConnection(this, c);
        c.startAsAnswerer(newPeerConnection(c), p.sdp());
    }

    private final class SignalingListener implements SignalingClient.Listener {
        @Override
        public void onOpen(SignalingClient client) {
            loop.execute(() -> listener.onOpen(PeerJsPeer.this));
        }

        @Override
        public void onMessage(SignalingClient client, SignalingMessage message) {
            loop.execute(() -> handle(message));
        }

        @Override
        public void onReconnecting(SignalingClient client, int attempt) {
            loop.execute(() -> listener.onReconnecting(PeerJsPeer.this, attempt));
        }

        @Override
        public void onClosed(SignalingClient client, String reason) {
            try {
                loop.execute(() -> listener.onClosed(PeerJsPeer.this, reason));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                listener.onClosed(PeerJsPeer.this, reason);
            }
        }
    }

    /** PeerJS's {@code randomToken}: base-36 random text (here from a SecureRandom). */
    static String randomToken() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }
}
