package io.meshkit.signaling.wire;

/**
 * A decoded client-to-server WebSocket message. The decoder never throws on bad input: what the
 * reference ignores is {@link Ignored}, what it cannot parse is {@link Rejected}.
 */
public sealed interface Inbound {

    /** {@code HEARTBEAT}: the only message that refreshes liveness ({@code handlers/heartbeat}). */
    record Heartbeat() implements Inbound {
        /** The one instance. */
        public static final Heartbeat INSTANCE = new Heartbeat();
    }

    /**
     * OFFER, ANSWER, CANDIDATE, LEAVE or EXPIRE, to be relayed with {@code src} stamped by the
     * server. {@code dst} is {@code null} when the client sent none or a falsy one ({@code ""}),
     * {@code payload} is {@code null} when absent (then it is left out when relayed, as
     * {@code JSON.stringify} drops undefined fields).
     */
    record Transmit(MessageType type, String dst, RawJson payload) implements Inbound {
        public Transmit {
            if (type == null || !type.isRelayed()) {
                throw new IllegalArgumentException("not a relayed type: " + type);
            }
            if (dst != null && dst.isEmpty()) {
                dst = null;
            }
        }
    }

    /** Well-formed JSON the reference ignores (unknown or non-string type, non-string dst, ...). */
    record Ignored(Reason reason) implements Inbound {}

    /** Not JSON, too deep, too long, or not an object: the reference logs an error and drops it. */
    record Rejected(Reason reason) implements Inbound {}

    /** Why a message was not acted on; safe to log and count (never carries input). */
    enum Reason {
        UNKNOWN_TYPE,
        NON_STRING_DST,
        NOT_AN_OBJECT,
        MALFORMED_JSON,
        LIMIT_EXCEEDED
    }
}
