package io.meshkit.signaling.core;

import java.util.List;

/**
 * Who holds which ID: the port a cluster implementation (a shared directory in Redis, later) fills.
 * The realm asks it to claim and release IDs and to find local clients; {@link #deliverRemote}
 * lets a clustered directory hand a message to the node that holds its destination.
 *
 * @param <C> the adapter's connection handle
 */
public interface Directory<C> {
    /** The local client holding {@code id}, or {@code null}. */
    Client<C> get(String id);

    /** Records {@code client} as the holder of its ID (the realm checked it was free). */
    void put(Client<C> client);

    /** Releases {@code client}'s ID if {@code client} still holds it; returns whether it did. */
    boolean remove(Client<C> client);

    /** The number of IDs held (the concurrent limit counts these). */
    int size();

    /** The IDs held, in registration order. */
    List<String> ids();

    /** Every local client, in registration order (a snapshot, safe to modify the directory while iterating). */
    List<Client<C>> snapshot();

    /**
     * Hands a message for {@code dst}, which no local client holds, to the node that holds it.
     * Returns {@code false} when no node does (the realm then queues it, or drops a {@code LEAVE} or
     * {@code EXPIRE}). The local directory has no other nodes. A clustered directory that answers
     * asynchronously returns {@code true} and later gives a message no node took back to
     * {@link Realm#deliverHere}.
     */
    default boolean deliverRemote(String dst, Outbound.Relay message) {
        return false;
    }
}
