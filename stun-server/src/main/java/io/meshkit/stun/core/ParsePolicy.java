package io.meshkit.stun.core;

/**
 * What the parser accepts beyond strict RFC 8489.
 *
 * @param rfc3489 accept requests without the magic cookie (RFC 3489 clients; RFC 8489 §12)
 * @param changeRequest CHANGE-REQUEST, RESPONSE-PORT and PADDING are understood (RFC 5780 configured and the request came over UDP);
 *     otherwise it is an unknown comprehension-required attribute and gets a 420, which is how an
 *     RFC 5780 client learns the server does not support it (RFC 5780 §6.1)
 */
public record ParsePolicy(boolean rfc3489, boolean changeRequest) {}
