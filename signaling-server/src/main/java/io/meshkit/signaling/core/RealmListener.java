package io.meshkit.signaling.core;

import io.meshkit.signaling.wire.MessageType;

/**
 * Observes what the realm does, for logs and metrics. Called synchronously on the realm's thread:
 * implementations must be cheap and must not call back into the realm. Every method has a no-op
 * default, and {@link #NONE} costs one monomorphic call per event.
 *
 * <p>{@code source} is where the client came from (the adapter's source key: an address, or an
 * IPv6 /64), or {@code null} when unknown; it lets a logger write at most one line per source.
 */
public interface RealmListener {
    /** Does nothing. */
    RealmListener NONE = new RealmListener() {};

    /** A new ID was registered ({@code OPEN} sent). */
    default void registered(String id) {}

    /** A socket re-attached to an existing registration with the same token. */
    default void reattached(String id) {}

    /** A socket was refused. */
    default void rejected(Rejection reason, String source) {}

    /** An ID was released. */
    default void released(String id, Release reason) {}

    /** A message was written to its destination's socket. */
    default void relayed(MessageType type) {}

    /** A message was queued for an absent ID. */
    default void queued(MessageType type) {}

    /** Queued messages for an absent ID were dropped; {@code expireSent} EXPIRE answers went out. */
    default void expired(int messages, int expireSent) {}

    /** A message was dropped (over a limit, invalid, or undeliverable). */
    default void dropped(Drop reason, String source) {}

    /** The server closed a socket to keep a bound, or because it no longer speaks for an ID. */
    default void closed(Closure reason, String source) {}

    /** Why a socket was refused. */
    enum Rejection {
        INVALID_PARAMETERS, INVALID_KEY, ID_TAKEN, CONCURRENT_LIMIT,
        /** The ID breaks the PeerJS ID rule or the length limit. */
        INVALID_ID,
        /** Its source already holds the most IDs one source may hold. */
        IP_IDS,
        /** Its source already has the most connections one source may have. */
        IP_CONNECTIONS,
        /** Too many wrong tokens for this ID or from this source lately: answered ID-TAKEN unchecked. */
        TOKEN_THROTTLED,
        /** {@code --require-beacon}: no beacon presented. */
        BEACON_ABSENT,
        /** {@code --require-beacon}: not a beacon. */
        BEACON_MALFORMED,
        /** {@code --require-beacon}: a beacon more than one period old. */
        BEACON_EXPIRED,
        /** {@code --require-beacon}: a beacon of a period that has not begun. */
        BEACON_EARLY,
        /** {@code --require-beacon}: the ID does not start with the beacon's prefix. */
        BEACON_PREFIX,
        /** {@code --require-beacon}: a beacon no accepted key signed. */
        BEACON_FORGED
    }

    /** Why an ID was released. */
    enum Release { SOCKET_CLOSED, ALIVE_TIMEOUT, LEAVE, DEAD_SOCKET, MOVED }

    /** Why a message was dropped. */
    enum Drop {
        QUEUE_FULL, DEAD_DESTINATION, RATE_LIMITED, MALFORMED, IGNORED,
        /** {@code dst} breaks the PeerJS ID rule or the length limit: no client can ever hold it. */
        INVALID_ID,
        /** Its socket no longer speaks for the sender's ID. */
        NOT_HOLDER,
        /** A pong not written: the peer does not read what we already wrote. */
        BACKPRESSURE,
        /** A node-to-node message from Redis that a client could not have sent. */
        CLUSTER_INVALID
    }

    /** Why the server closed a socket. */
    enum Closure {
        /** It released its own ID ({@code LEAVE} without {@code dst}). */
        LEFT,
        /** Another socket took over its ID with the same token (on this node or another). */
        REPLACED,
        /** More than the outbound bound waited to be written to it: the peer does not read. */
        OUTBOUND_OVERFLOW,
        /** Nothing read from it for the read deadline. */
        READ_TIMEOUT,
        /** A fragmented message not finished within the fragment deadline. */
        FRAGMENT_TIMEOUT,
        /** Unfinished fragmented messages of all sockets together reached their bound. */
        FRAGMENT_BUDGET,
        /** It sent for an ID it no longer holds. */
        NOT_HOLDER,
        /** It kept sending far over the rate limit (ten times the rate and burst): dropping alone would still cost us the reading. */
        RATE_ABUSE
    }
}
