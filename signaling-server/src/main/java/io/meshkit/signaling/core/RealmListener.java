package io.meshkit.signaling.core;

import io.meshkit.signaling.wire.MessageType;

/**
 * Observes what the realm does, for logs and (later) metrics. Called synchronously on the realm's
 * thread: implementations must be cheap and must not call back into the realm. Every method has a
 * no-op default, and {@link #NONE} costs one monomorphic call per event.
 */
public interface RealmListener {
    /** Does nothing. */
    RealmListener NONE = new RealmListener() {};

    /** A new ID was registered ({@code OPEN} sent). */
    default void registered(String id) {}

    /** A socket re-attached to an existing registration with the same token. */
    default void reattached(String id) {}

    /** A socket was refused. */
    default void rejected(Rejection reason) {}

    /** An ID was released. */
    default void released(String id, Release reason) {}

    /** A message was written to its destination's socket. */
    default void relayed(MessageType type) {}

    /** A message was queued for an absent ID. */
    default void queued(MessageType type) {}

    /** Queued messages for an absent ID were dropped; {@code expireSent} EXPIRE answers went out. */
    default void expired(int messages, int expireSent) {}

    /** A message was dropped (over a limit, or undeliverable). */
    default void dropped(Drop reason) {}

    /** Why a socket was refused. */
    enum Rejection { INVALID_PARAMETERS, INVALID_KEY, ID_TAKEN, CONCURRENT_LIMIT }

    /** Why an ID was released. */
    enum Release { SOCKET_CLOSED, ALIVE_TIMEOUT, LEAVE, DEAD_SOCKET }

    /** Why a message was dropped. */
    enum Drop { QUEUE_FULL, DEAD_DESTINATION, RATE_LIMITED, MALFORMED, IGNORED }
}
