package io.meshkit.stun.core;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * One attribute of a response to encode, in the order given. The core decides what goes in;
 * a {@link StunEncoder} (ice4j behind an adapter) turns it into bytes.
 */
public sealed interface ResponseAttribute {

    /** XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the request's source, XOR'ed with cookie and transaction ID. */
    record XorMappedAddress(InetSocketAddress address) implements ResponseAttribute {}

    /** MAPPED-ADDRESS (RFC 8489 §14.1): for RFC 3489 clients only. */
    record MappedAddress(InetSocketAddress address) implements ResponseAttribute {}

    /** RESPONSE-ORIGIN (RFC 5780 §7.3): the address and port the response is sent from. */
    record ResponseOrigin(InetSocketAddress address) implements ResponseAttribute {}

    /** OTHER-ADDRESS (RFC 5780 §7.4): the alternate address and port. */
    record OtherAddress(InetSocketAddress address) implements ResponseAttribute {}

    /** SOFTWARE (RFC 8489 §14.14): at most 763 bytes of UTF-8; text padding uses spaces as in RFC 5769. */
    record Software(String text) implements ResponseAttribute {
        /** RFC 8489 §14.14: fewer than 128 characters, at most 763 bytes. */
        public static final int MAX_CHARACTERS = 127;

        public Software {
            if (text.isEmpty() || text.length() > MAX_CHARACTERS) {
                throw new IllegalArgumentException("SOFTWARE must have 1.." + MAX_CHARACTERS + " characters");
            }
        }
    }

    /** ERROR-CODE (RFC 8489 §14.8). */
    record ErrorCode(int code, String reason) implements ResponseAttribute {
        public ErrorCode {
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("error code " + code);
            }
        }
    }

    /** UNKNOWN-ATTRIBUTES (RFC 8489 §14.9). */
    record UnknownAttributes(int[] types) implements ResponseAttribute {
        public UnknownAttributes {
            types = types.clone();
        }

        @Override
        public int[] types() {
            return types.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnknownAttributes u && Arrays.equals(types, u.types);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(types);
        }
    }

    /**
     * MESSAGE-INTEGRITY (RFC 8489 §14.5) with a short-term key. The responder never uses it (it has
     * no credentials); the encoder supports it so the RFC 5769 responses can be reproduced exactly.
     */
    record MessageIntegrity(byte[] key) implements ResponseAttribute {
        public MessageIntegrity {
            key = key.clone();
        }
    }

    /** FINGERPRINT (RFC 8489 §14.7): always the last attribute. */
    record Fingerprint() implements ResponseAttribute {}
}
