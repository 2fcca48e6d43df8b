package io.meshkit.stun.core;

import java.util.List;

/** The result of checking one received message: a Binding request to answer, or a reason to drop it. */
public sealed interface Parsed permits Parsed.BindingRequest, Parsed.Rejected {

    /**
     * A well-formed Binding request.
     *
     * @param transactionId 12 bytes (RFC 8489), or 16 bytes for an RFC 3489 request without magic cookie
     * @param rfc3489 true when the request had no magic cookie (RFC 8489 §12 backwards compatibility)
     * @param fingerprint the request carried a valid FINGERPRINT, so the response carries one (RFC 8489 §7.3)
     * @param changeIp CHANGE-REQUEST asked for a response from the other IP (RFC 5780 §7.2)
     * @param changePort CHANGE-REQUEST asked for a response from the other port
     * @param responsePort RFC 5780 §7.6 RESPONSE-PORT, or 0 when absent
     * @param unknownRequired comprehension-required attribute types not understood (in order, no duplicates)
     */
    record BindingRequest(byte[] transactionId, boolean rfc3489, boolean fingerprint, boolean changeIp,
                          boolean changePort, int responsePort, List<Integer> unknownRequired) implements Parsed {
        public BindingRequest {
            if (transactionId.length != (rfc3489 ? 16 : StunWire.TRANSACTION_ID_LENGTH)) {
                throw new IllegalArgumentException("transaction id length " + transactionId.length);
            }
            transactionId = transactionId.clone();
            unknownRequired = List.copyOf(unknownRequired);
        }

        @Override
        public byte[] transactionId() {
            return transactionId.clone();
        }
    }

    /** A message that gets no response, with the reason (never the raw bytes). */
    record Rejected(DropReason reason) implements Parsed {}
}
