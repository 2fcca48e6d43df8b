package io.meshkit.stun.core;

/**
 * Why a packet got no answer. RFC 8489 §6.3 says a message that fails the basic checks is
 * discarded silently; a response or indication is never answered (§6.3.2, §6.3.3); and a
 * responder must not become an amplifier, hence the rate limit.
 */
public enum DropReason {
    /** Shorter than the 20-byte header. */
    TOO_SHORT,
    /** Larger than {@link RequestParser#MAX_MESSAGE_LENGTH}. */
    TOO_LONG,
    /** RFC 8489 §6.3: the two most significant bits are not zero: not STUN (e.g. RTP, DTLS). */
    NOT_STUN,
    /** Length field not a multiple of 4, or not equal to the bytes received. */
    BAD_LENGTH,
    /** No magic cookie and RFC 3489 compatibility is off. */
    NO_MAGIC_COOKIE,
    /** A success/error response or an indication: never answered. */
    NOT_A_REQUEST,
    /** A request of a method other than Binding. */
    UNSUPPORTED_METHOD,
    /** An attribute header or value runs past the message, or a known attribute has a bad length. */
    MALFORMED_ATTRIBUTE,
    /** FINGERPRINT present but not last, or its CRC does not match (RFC 8489 §7.3). */
    BAD_FINGERPRINT,
    /** The source exceeded its per-source rate. */
    RATE_LIMITED,
    /** The source address is not usable (port 0, or an unspecified/multicast address). */
    BAD_SOURCE
}
