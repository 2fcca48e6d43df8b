package io.meshkit.stun.core;

import java.util.Optional;

/**
 * What the responder puts in its answers. The defaults answer with XOR-MAPPED-ADDRESS only (plus
 * FINGERPRINT when the request had one), the smallest correct RFC 8489 response.
 *
 * @param software text for SOFTWARE, empty for none (RFC 8489 §14.14 makes it optional; it costs bytes)
 * @param mappedAddress also add MAPPED-ADDRESS (RFC 3489 clients read only that)
 * @param rfc3489 answer requests without magic cookie (RFC 8489 §12), with MAPPED-ADDRESS only
 * @param rfc5780 the second address and port, which enable CHANGE-REQUEST, RESPONSE-ORIGIN, OTHER-ADDRESS
 */
public record ResponderConfig(Optional<String> software, boolean mappedAddress, boolean rfc3489,
                              Optional<Rfc5780Addresses> rfc5780) {
    public ResponderConfig {
        software.ifPresent(ResponseAttribute.Software::new);
    }

    /** The defaults: no SOFTWARE, no MAPPED-ADDRESS, no RFC 3489, no RFC 5780. */
    public static ResponderConfig defaults() {
        return new ResponderConfig(Optional.empty(), false, false, Optional.empty());
    }
}
