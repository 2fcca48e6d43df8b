package io.meshkit.stun.core;

/** The transport a request came over (RFC 8489 §6.2). */
public enum Transport {
    UDP,
    /** RFC 8489 §6.2.2: messages back to back on the stream; CHANGE-REQUEST is meaningless here. */
    TCP
}
