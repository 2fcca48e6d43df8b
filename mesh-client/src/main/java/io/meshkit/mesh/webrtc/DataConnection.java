package io.meshkit.mesh.webrtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import io.meshkit.mesh.peerjs.SignalingMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PeerJS-compatible DataConnection: one {@link RTCPeerConnection} carrying one data channel
 * whose label is the connection's label (by default its {@code dc_…} connection ID), negotiated
 * through the signaling server with PeerJS's {@code OFFER}/{@code ANSWER}/{@code CANDIDATE}
 * payloads. Values travel per {@link Serialization}.
 *
 * <p>Every state change runs on its {@link PeerJsPeer}'s event thread, and so do listener calls.
 */
public final class DataConnection {
    private static final Logger LOG = LoggerFactory.getLogger(DataConnection.class);

    /**
     * Largest data-channel frame accepted (libwebrtc's SCTP max message size is 256 KiB); a larger one closes the
     * connection.
     */
    public static final int MAX_FRAME_BYTES = 256 * 1024;
    /**
     * Above this many bytes queued and unread by the remote, a send closes the connection (PeerJS's
     * {@code MAX_BUFFERED_AMOUNT}, 8 MiB, where PeerJS keeps queueing in memory): a peer that reads nothing is gone.
     */
    public static final long MAX_BUFFERED_BYTES = 8L * 1024 * 1024;
    /**
     * Most ICE candidates held at once: remote ones before the remote description is set, local ones before our
     * offer or answer has gone out.
     */
    public static final int MAX_PENDING_CANDIDATES = 64;

    /** Events of one connection; called on the peer's event thread. */
    public interface Listener {
        /** The data channel opened: {@link #send} works. */
        default void onOpen(DataConnection c) {}

        /** A whole value arrived (see {@link io.meshkit.mesh.peerjs.BinaryPack} for the value model). */
        default void onData(DataConnection c, Object value) {}

        /** ICE connectivity changed ({@code disconnected} comes about 5 s after a silent loss). */
        default void onIceState(DataConnection c, RTCIceConnectionState state) {}

        /** The connection is closed for good. */
        default void onClose(DataConnection c, String reason) {}
    }

    private final PeerJsPeer owner;
    private final Executor loop;
    private final String peer;
    private final String connectionId;
    private final String label;
    private final Serialization serialization;
    private final boolean reliable;
    private final Object metadata;
    /** Guards {@link #codec}: sends come from any thread, frames arrive on the event thread. */
    private final Object codecLock = new Object();
    private DataCodec codec;
    private final List<RTCIceCandidate> pendingCandidates = new ArrayList<>();
    private final List<RTCIceCandidate> heldLocalCandidates = new ArrayList<>();
    private final long createdNanos = System.nanoTime();

    private volatile Listener listener = new Listener() {};
    private RTCPeerConnection pc;
    private RTCDataChannel channel;
    private boolean remoteDescriptionSet;
    private boolean localDescriptionSent;
    /** The SDP of our offer or answer, and of theirs (contact links read the DTLS fingerprints from them). */
    private volatile String localSdp;
    private volatile String remoteSdp;
    private volatile boolean open;
    private volatile boolean closed;

    DataConnection(PeerJsPeer owner, Executor loop, String peer, String connectionId, String label,
                   Serialization serialization, boolean reliable, Object metadata) {
        this.owner = owner;
        this.loop = loop;
        this.peer = peer;
        this.connectionId = connectionId;
        this.label = label;
        this.serialization = serialization;
        this.reliable = reliable;
        this.metadata = metadata;
        this.codec = new DataCodec(serialization);
    }

    /** The remote peer's ID. */
    public String peer() {
        return peer;
    }

    public String connectionId() {
        return connectionId;
    }

    public String label() {
        return label;
    }

    public Serialization serialization() {
        return serialization;
    }

    public boolean reliable() {
        return reliable;
    }

    /** The SDP we sent (our offer or answer), or null before it is set. */
    public String localSdp() {
        return localSdp;
    }

    /** The SDP the remote sent, or null before it is set. */
    public String remoteSdp() {
        return remoteSdp;
    }

    /** The offerer's metadata (any JSON value), or null. */
    public Object metadata() {
        return metadata;
    }

    public boolean isOpen() {
        return open && !closed;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Sets the listener; set it in {@link PeerJsPeer.Listener#onConnection} to miss nothing. */
    public DataConnection listener(Listener l) {
        this.listener = l;
        return this;
    }

    /**
     * Lowers the largest message this connection carries, in both directions (bytes of one encoded message: JSON
     * text on {@code json}, BinaryPack before chunking on {@code binary}); by default the serialization's own limit
     * (16,299 bytes on {@code json}, PeerJS's; 16 MiB reassembled on {@code binary}; one frame on {@code raw}). A
     * larger message received, or given to a send, closes the connection ({@link Listener#onClose} says why): never a
     * silent drop. Call it before the connection opens (in {@link PeerJsPeer.Listener#onConnection}, or right after
     * {@link PeerJsPeer#connect}).
     */
    public DataConnection maxMessageBytes(int limit) {
        synchronized (codecLock) {
            codec = codec.withLimit(limit);
        }
        return this;
    }

    /** The largest message this connection carries (see {@link #maxMessageBytes(int)}). */
    public int maxMessageBytes() {
        synchronized (codecLock) {
            return codec.maxMessageBytes();
        }
    }

    /**
     * Sends one value; false when the connection is not open. A message over {@link #maxMessageBytes()}, or a send
     * buffer over {@link #MAX_BUFFERED_BYTES}, closes the connection and gives false. Throws
     * {@link IllegalArgumentException} for a value the serialization cannot carry.
     */
    public boolean send(Object value) {
        DataCodec.Encoded encoded;
        synchronized (codecLock) {
            encoded = codec.encode(value);
        }
        return put(encoded);
    }

    /**
     * Sends one JSON document given as text, in this connection's serialization (see
     * {@link DataCodec#encodeJsonText}): the mesh protocol encodes its messages once as JSON text, and a peer
     * that opened the link with {@code binary} (PeerJS's default) gets them BinaryPack-encoded. Same outcomes as
     * {@link #send}; throws {@link IllegalArgumentException} for text that is not JSON.
     */
    public boolean sendJsonText(String json) {
        DataCodec.Encoded encoded;
        synchronized (codecLock) {
            encoded = codec.encodeJsonText(json);
        }
        return put(encoded);
    }

    private boolean put(DataCodec.Encoded encoded) {
        if (encoded instanceof DataCodec.TooBig big) {
            refuse("a " + big.bytes() + "-byte message to send; the limit is " + big.limit());
            return false;
        }
        List<DataCodec.Frame> frames = ((DataCodec.Frames) encoded).frames();
        RTCDataChannel dc = channel;
        if (!isOpen() || dc == null) {
            return false;
        }
        try {
            if (dc.getBufferedAmount() > MAX_BUFFERED_BYTES) {
                refuse("the remote left more than " + MAX_BUFFERED_BYTES + " bytes unread");
                return false;
            }
            for (DataCodec.Frame f : frames) {
                dc.send(new RTCDataChannelBuffer(ByteBuffer.wrap(f.bytes()), f.binary()));
            }
            return true;
        } catch (Exception e) {
            LOG.debug("send on {} failed: {}", connectionId, e.toString());
            loop.execute(() -> close("send failed"));
            return false;
        }
    }

    /** A limit was crossed: say so, and close (on the event thread). */
    private void refuse(String reason) {
        LOG.warn("closing connection {} with {}: {}", connectionId, peer, reason);
        loop.execute(() -> close(reason));
    }

    /** Closes the channel and the peer connection. Safe to call more than once. */
    public void close() {
        loop.execute(() -> close("closed locally"));
    }

    // ------------------------------------------------------------------ negotiation (event thread)

    void startAsOfferer(RTCPeerConnection pc) {
        this.pc = pc;
        dev.onvoid.webrtc.RTCDataChannelInit init = new dev.onvoid.webrtc.RTCDataChannelInit();
        // negotiator.ts: { ordered: !!options.reliable }
        init.ordered = reliable;
        attachChannel(pc.createDataChannel(label, init));
        createOffer(pc).thenCompose(offer -> setLocal(pc, offer)).whenComplete((offer, err) -> loop.execute(() -> {
            if (err != null) {
                close("offer failed: " + err.getMessage());
                return;
            }
            owner.sendOffer(this, new SignalingMessage.SessionDescription("offer", offer.sdp));
            localDescriptionSent();
        }));
    }

    void startAsAnswerer(RTCPeerConnection pc, SignalingMessage.SessionDescription offer) {
        this.pc = pc;
        setRemote(pc, new RTCSessionDescription(RTCSdpType.OFFER, offer.sdp()))
                .thenRun(() -> loop.execute(this::remoteDescriptionApplied))
                .thenCompose(x -> createAnswer(pc))
                .thenCompose(answer -> setLocal(pc, answer))
                .whenComplete((answer, err) -> loop.execute(() -> {
                    if (err != null) {
                        close("answer failed: " + err.getMessage());
                        return;
                    }
                    owner.sendAnswer(this, new SignalingMessage.SessionDescription("answer", answer.sdp));
                    localDescriptionSent();
                }));
    }

    void onAnswer(SignalingMessage.SessionDescription answer) {
        if (pc == null || closed || remoteDescriptionSet) {
            return;
        }
        setRemote(pc, new RTCSessionDescription(RTCSdpType.ANSWER, answer.sdp()))
                .whenComplete((x, err) -> loop.execute(() -> {
                    if (err != null) {
                        close("bad answer: " + err.getMessage());
                    } else {
                        remoteDescriptionApplied();
                    }
                }));
    }

    void onRemoteCandidate(SignalingMessage.IceCandidate c) {
        if (pc == null || closed) {
            return;
        }
        RTCIceCandidate ice = new RTCIceCandidate(c.sdpMid(), c.sdpMLineIndex(), c.candidate());
        if (!remoteDescriptionSet) {
            if (pendingCandidates.size() < MAX_PENDING_CANDIDATES) {
                pendingCandidates.add(ice);
            }
            return;
        }
        addCandidate(ice);
    }

    private void remoteDescriptionApplied() {
        remoteDescriptionSet = true;
        for (RTCIceCandidate c : pendingCandidates) {
            addCandidate(c);
        }
        pendingCandidates.clear();
    }

    private void addCandidate(RTCIceCandidate c) {
        try {
            pc.addIceCandidate(c);
        } catch (RuntimeException e) {
            LOG.debug("candidate for {} refused: {}", connectionId, e.toString());
        }
    }

    /**
     * A local candidate goes out only after our offer or answer: libwebrtc starts gathering inside
     * setLocalDescription and may report candidates before that call's success, and a PeerJS browser that
     * receives a {@code CANDIDATE} before the {@code ANSWER} fails {@code addIceCandidate} ("The remote
     * description was null"), emits a {@code webrtc} peer error and never learns that candidate.
     */
    void onLocalCandidate(RTCIceCandidate c) {
        if (closed || c.sdp == null || c.sdp.isEmpty()) {
            return;
        }
        if (!localDescriptionSent) {
            if (heldLocalCandidates.size() < MAX_PENDING_CANDIDATES) {
                heldLocalCandidates.add(c);
            }
            return;
        }
        sendCandidate(c);
    }

    private void localDescriptionSent() {
        localDescriptionSent = true;
        for (RTCIceCandidate c : heldLocalCandidates) {
            sendCandidate(c);
        }
        heldLocalCandidates.clear();
    }

    private void sendCandidate(RTCIceCandidate c) {
        owner.sendCandidate(this, new SignalingMessage.IceCandidate(c.sdp, c.sdpMLineIndex, c.sdpMid, null));
    }

    void onIceConnectionChange(RTCIceConnectionState state) {
        if (closed) {
            return;
        }
        LOG.debug("connection {} with {}: ice {} after {} ms", connectionId, peer, state, ageMillis());
        listener.onIceState(this, state);
        // negotiator.ts closes on failed and closed, and only logs disconnected.
        if (state == RTCIceConnectionState.FAILED || state == RTCIceConnectionState.CLOSED) {
            close("ice " + state.name().toLowerCase());
        }
    }

    void attachChannel(RTCDataChannel dc) {
        if (closed) {
            dc.close();
            return;
        }
        this.channel = dc;
        dc.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {}

            @Override
            public void onStateChange() {
                RTCDataChannelState s = dc.getState();
                loop.execute(() -> channelState(s));
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                ByteBuffer data = buffer.data;
                if (data.remaining() > MAX_FRAME_BYTES) {
                    refuse("a " + data.remaining() + "-byte frame received; the limit is " + MAX_FRAME_BYTES);
                    return;
                }
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                boolean binary = buffer.binary;
                loop.execute(() -> received(bytes, binary));
            }
        });
        // Already open (the answerer's channel often is): mark it now, on this event-thread task, so a
        // message the native thread queued meanwhile finds the connection open.
        if (dc.getState() == RTCDataChannelState.OPEN) {
            channelState(RTCDataChannelState.OPEN);
        }
    }

    private void channelState(RTCDataChannelState s) {
        if (closed) {
            return;
        }
        if (s == RTCDataChannelState.OPEN && !open) {
            open = true;
            LOG.debug("connection {} with {} open after {} ms", connectionId, peer, ageMillis());
            listener.onOpen(this);
        } else if (s == RTCDataChannelState.CLOSED) {
            close("data channel closed");
        }
    }

    private void received(byte[] bytes, boolean binary) {
        if (closed) {
            return;
        }
        DataCodec.Received r;
        synchronized (codecLock) {
            r = codec.decode(bytes, binary);
        }
        if (r instanceof DataCodec.Data d) {
            listener.onData(this, d.value());
        } else if (r instanceof DataCodec.PeerClose) {
            close("closed by remote");
        } else if (r instanceof DataCodec.Invalid i) {
            // Nothing a PeerJS peer sends in this serialization: a broken or hostile peer. Close, never skip quietly.
            String reason = "received " + i.reason() + " on a " + serialization.wire() + " link";
            LOG.info("closing connection {} with {}: {}", connectionId, peer, reason);
            close(reason);
        }
    }

    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        LOG.debug("connection {} with {} closed after {} ms ({}; was open: {})", connectionId, peer, ageMillis(), reason,
                open);
        open = false;
        RTCDataChannel dc = channel;
        channel = null;
        if (dc != null) {
            try {
                dc.unregisterObserver();
                dc.close();
                dc.dispose();
            } catch (RuntimeException e) {
                LOG.debug("closing channel {}: {}", connectionId, e.toString());
            }
        }
        if (pc != null) {
            try {
                pc.close();
            } catch (RuntimeException e) {
                LOG.debug("closing peer connection {}: {}", connectionId, e.toString());
            }
        }
        owner.forget(this);
        listener.onClose(this, reason);
    }

    private long ageMillis() {
        return (System.nanoTime() - createdNanos) / 1_000_000L;
    }

    // ------------------------------------------------------------------ async helpers

    private static CompletableFuture<RTCSessionDescription> createOffer(RTCPeerConnection pc) {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), observer(f));
        return f;
    }

    private static CompletableFuture<RTCSessionDescription> createAnswer(RTCPeerConnection pc) {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), observer(f));
        return f;
    }

    private static CreateSessionDescriptionObserver observer(CompletableFuture<RTCSessionDescription> f) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                f.complete(description);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    private CompletableFuture<RTCSessionDescription> setLocal(RTCPeerConnection pc, RTCSessionDescription d) {
        localSdp = d.sdp;
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        pc.setLocalDescription(d, setObserver(f, d));
        return f;
    }

    private CompletableFuture<RTCSessionDescription> setRemote(RTCPeerConnection pc, RTCSessionDescription d) {
        remoteSdp = d.sdp;
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        pc.setRemoteDescription(d, setObserver(f, d));
        return f;
    }

    private static SetSessionDescriptionObserver setObserver(CompletableFuture<RTCSessionDescription> f,
                                                             RTCSessionDescription d) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                f.complete(d);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }
}
