package io.meshkit.stun.core;

import java.util.List;

/**
 * A response to encode.
 *
 * @param messageType e.g. {@link StunWire#BINDING_SUCCESS}
 * @param transactionId 12 bytes, or 16 for an RFC 3489 response (no magic cookie)
 * @param attributes in wire order
 */
public record ResponseSpec(int messageType, byte[] transactionId, List<ResponseAttribute> attributes) {
    public ResponseSpec {
        if (transactionId.length != 12 && transactionId.length != 16) {
            throw new IllegalArgumentException("transaction id length " + transactionId.length);
        }
        transactionId = transactionId.clone();
        attributes = List.copyOf(attributes);
    }

    @Override
    public byte[] transactionId() {
        return transactionId.clone();
    }
}
