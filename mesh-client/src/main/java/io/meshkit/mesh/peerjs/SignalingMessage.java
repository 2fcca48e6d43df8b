package io.meshkit.mesh.peerjs;

import java.util.Objects;

/**
 * A message from a PeerJS signaling server to this client (peerjs 1.5.5 {@code ServerMessageType}),
 * decoded once at the edge by {@link PeerJsWire#decode}. Relayed messages carry the sender's ID in
 * {@code src}.
 */
public sealed interface SignalingMessage {
    /** Limit on any peer ID or connection ID we accept (PeerJS IDs are short; ours are under 100). */
    int MAX_ID_CHARS = 256;

    /** {@code OPEN}: the server registered our ID. */
    record Open() implements SignalingMessage {}

    /** {@code ID-TAKEN}: another token holds the ID; the server closes the socket after it. */
    record IdTaken() implements SignalingMessage {}

    /** {@code INVALID-KEY}: the API key is not accepted. */
    record InvalidKey() implements SignalingMessage {}

    /** {@code ERROR} with the server's {@code payload.msg}. */
    record ServerError(String msg) implements SignalingMessage {}

    /** {@code LEAVE}: {@code src} left (sent by the server on a dead peer's behalf too). */
    record Leave(String src) implements SignalingMessage {}

    /** {@code EXPIRE}: our offer to {@code src} expired undelivered (PeerJS raises peer-unavailable). */
    record Expire(String src) implements SignalingMessage {}

    /** {@code OFFER} relayed from {@code src}. */
    record Offer(String src, OfferPayload payload) implements SignalingMessage {
        public Offer {
            Objects.requireNonNull(src);
            Objects.requireNonNull(payload);
        }
    }

    /** {@code ANSWER} relayed from {@code src}. */
    record Answer(String src, AnswerPayload payload) implements SignalingMessage {
        public Answer {
            Objects.requireNonNull(src);
            Objects.requireNonNull(payload);
        }
    }

    /** {@code CANDIDATE} relayed from {@code src}. */
    record Candidate(String src, CandidatePayload payload) implements SignalingMessage {
        public Candidate {
            Objects.requireNonNull(src);
            Objects.requireNonNull(payload);
        }
    }

    /** A frame that is not a valid message; {@code reason} never quotes the input. */
    record Rejected(String reason) implements SignalingMessage {}

    /** An SDP as PeerJS sends it: {@code {type: "offer"|"answer", sdp}}. */
    record SessionDescription(String type, String sdp) {
        /** Largest SDP accepted (a data-only SDP is about 1 KiB; candidates may be inlined). */
        public static final int MAX_SDP_CHARS = 64 * 1024;

        public SessionDescription {
            if (!"offer".equals(type) && !"answer".equals(type)) {
                throw new IllegalArgumentException("sdp.type must be offer or answer");
            }
            if (sdp == null || sdp.isEmpty() || sdp.length() > MAX_SDP_CHARS) {
                throw new IllegalArgumentException("sdp.sdp missing or longer than " + MAX_SDP_CHARS);
            }
        }
    }

    /** An ICE candidate as the browser's {@code RTCIceCandidate.toJSON()} gives it. */
    record IceCandidate(String candidate, int sdpMLineIndex, String sdpMid, String usernameFragment) {
        /** Largest candidate line accepted (real ones are about 100 characters). */
        public static final int MAX_CANDIDATE_CHARS = 1024;

        public IceCandidate {
            if (candidate == null || candidate.length() > MAX_CANDIDATE_CHARS) {
                throw new IllegalArgumentException("candidate.candidate missing or too long");
            }
            if (sdpMLineIndex < 0 || sdpMLineIndex > 64) {
                throw new IllegalArgumentException("candidate.sdpMLineIndex out of range");
            }
            if (sdpMid != null && sdpMid.length() > 64) {
                throw new IllegalArgumentException("candidate.sdpMid too long");
            }
            if (usernameFragment != null && usernameFragment.length() > 256) {
                throw new IllegalArgumentException("candidate.usernameFragment too long");
            }
        }
    }

    /**
     * The {@code OFFER} payload of a PeerJS DataConnection (negotiator {@code _makeOffer}):
     * {@code metadata} is any JSON value, as plain Java objects.
     */
    record OfferPayload(SessionDescription sdp, String type, String connectionId, String label,
                        String serialization, boolean reliable, Object metadata) {
        public OfferPayload {
            Objects.requireNonNull(sdp);
            requireId(connectionId, "connectionId");
            if (!"data".equals(type) && !"media".equals(type)) {
                throw new IllegalArgumentException("payload.type must be data or media");
            }
            if (label != null && label.length() > MAX_ID_CHARS) {
                throw new IllegalArgumentException("payload.label too long");
            }
            if (serialization != null && serialization.length() > 32) {
                throw new IllegalArgumentException("payload.serialization too long");
            }
        }
    }

    /** The {@code ANSWER} payload: {@code {sdp, type, connectionId}}. */
    record AnswerPayload(SessionDescription sdp, String type, String connectionId) {
        public AnswerPayload {
            Objects.requireNonNull(sdp);
            requireId(connectionId, "connectionId");
        }
    }

    /** The {@code CANDIDATE} payload: {@code {candidate, type, connectionId}}. */
    record CandidatePayload(IceCandidate candidate, String type, String connectionId) {
        public CandidatePayload {
            Objects.requireNonNull(candidate);
            requireId(connectionId, "connectionId");
        }
    }

    private static void requireId(String id, String what) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
            throw new IllegalArgumentException(what + " missing or longer than " + MAX_ID_CHARS);
        }
    }
}
