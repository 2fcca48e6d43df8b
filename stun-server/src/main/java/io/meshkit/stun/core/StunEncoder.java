package io.meshkit.stun.core;

/**
 * Port: turns a {@link ResponseSpec} into wire bytes. Implemented with ice4j's attribute classes in
 * {@code io.meshkit.stun.ice4j}; must be deterministic (same spec, same bytes) and thread-safe.
 */
@FunctionalInterface
public interface StunEncoder {
    /** The encoded message, header included. */
    byte[] encode(ResponseSpec spec);
}
