package io.meshkit.mesh.webrtc;

import java.util.Optional;

/** PeerJS DataConnection serializations (peerjs 1.5.5 {@code SerializationType}) this peer speaks. */
public enum Serialization {
    /** BinaryPack, with chunking of messages over 16300 bytes; PeerJS's default. */
    BINARY("binary"),
    /** Same wire format as {@link #BINARY} in PeerJS 1.5 (both map to its {@code BinaryPack} class). */
    BINARY_UTF8("binary-utf8"),
    /** UTF-8 JSON text, sent as a binary frame (PeerJS {@code Json} sends {@code TextEncoder} bytes). */
    JSON("json"),
    /** Bytes or strings as they are. */
    RAW("raw");

    private final String wire;

    Serialization(String wire) {
        this.wire = wire;
    }

    /** The name in the {@code OFFER} payload. */
    public String wire() {
        return wire;
    }

    /** The serialization named {@code wire}; {@code default} (and absent) is {@link #BINARY}, as in PeerJS. */
    public static Optional<Serialization> fromWire(String wire) {
        if (wire == null || wire.equals("default")) {
            return Optional.of(BINARY);
        }
        for (Serialization s : values()) {
            if (s.wire.equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
