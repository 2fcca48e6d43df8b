package io.meshkit.signaling.wire;

/**
 * The message types of the PeerJS signaling protocol, as peerjs-server 1.0.2 spells them
 * ({@code src/enums.ts}, {@code MessageType}).
 */
public enum MessageType {
    OPEN("OPEN"),
    LEAVE("LEAVE"),
    CANDIDATE("CANDIDATE"),
    OFFER("OFFER"),
    ANSWER("ANSWER"),
    EXPIRE("EXPIRE"),
    HEARTBEAT("HEARTBEAT"),
    ID_TAKEN("ID-TAKEN"),
    ERROR("ERROR");

    private final String wire;

    MessageType(String wire) {
        this.wire = wire;
    }

    /** The exact string on the wire. */
    public String wire() {
        return wire;
    }

    /**
     * The types a client may send that the reference relays ({@code messageHandler/index.ts}
     * registers the transmission handler for exactly these; a client may even send EXPIRE).
     */
    public boolean isRelayed() {
        return this == OFFER || this == ANSWER || this == CANDIDATE || this == LEAVE || this == EXPIRE;
    }

    /** The type whose wire string is {@code s}, or {@code null}. Case-sensitive like the reference's Map lookup. */
    public static MessageType fromWire(String s) {
        if (s == null) {
            return null;
        }
        switch (s) {
            case "OPEN": return OPEN;
            case "LEAVE": return LEAVE;
            case "CANDIDATE": return CANDIDATE;
            case "OFFER": return OFFER;
            case "ANSWER": return ANSWER;
            case "EXPIRE": return EXPIRE;
            case "HEARTBEAT": return HEARTBEAT;
            case "ID-TAKEN": return ID_TAKEN;
            case "ERROR": return ERROR;
            default: return null;
        }
    }
}
