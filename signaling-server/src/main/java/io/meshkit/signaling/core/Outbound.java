package io.meshkit.signaling.core;

import io.meshkit.signaling.wire.MessageType;
import io.meshkit.signaling.wire.RawJson;

/** A message the realm wants sent to one socket (an effect value; the adapter encodes it). */
public sealed interface Outbound {
    /** {@code OPEN}: registration accepted. */
    record Open() implements Outbound {
        public static final Open INSTANCE = new Open();
    }

    /** {@code ID-TAKEN}: another token holds the ID. */
    record IdTaken() implements Outbound {
        public static final IdTaken INSTANCE = new IdTaken();
    }

    /** {@code ERROR} with one of the reference's messages. */
    record Error(ErrorText text) implements Outbound {}

    /** A relayed message, or an {@code EXPIRE}/{@code LEAVE} the server sends on a peer's behalf. */
    record Relay(MessageType type, String src, String dst, RawJson payload) implements Outbound {}

    /** The reference's error strings ({@code src/enums.ts}, {@code Errors}). */
    enum ErrorText {
        INVALID_KEY("Invalid key provided"),
        INVALID_TOKEN("Invalid token provided"),
        INVALID_WS_PARAMETERS("No id, token, or key supplied to websocket server"),
        CONNECTION_LIMIT_EXCEED("Server has reached its concurrent user limit"),
        /** Ours (cluster mode): the shared directory is unreachable, so no new ID can be claimed safely. */
        CLUSTER_UNAVAILABLE("Server is not ready: cluster directory unavailable, try another server or later"),
        /** Ours: the ID breaks the PeerJS client's own rule or the length limit (docs/SECURITY.md). */
        INVALID_ID("Invalid id provided"),
        /** Ours: the client's address already holds the most IDs one address may hold. */
        SOURCE_ID_LIMIT("Too many IDs from this address"),
        /** Ours: the client's address already has the most connections one address may have. */
        SOURCE_CONNECTION_LIMIT("Too many connections from this address"),
        /** Ours: another socket took over this ID with its token; this one no longer speaks for it. */
        REPLACED("Another connection took over this ID"),
        /** Ours, {@code --require-beacon} (docs/PROTOCOL.md §13.3.4): the connection presented no beacon. */
        BEACON_ABSENT("No beacon supplied"),
        /** Ours, {@code --require-beacon}: the {@code beacon} parameter is not a beacon. */
        BEACON_INVALID("Invalid beacon"),
        /** Ours, {@code --require-beacon}: the beacon's period ended more than one period ago. */
        BEACON_EXPIRED("Expired beacon"),
        /** Ours, {@code --require-beacon}: the beacon's period has not begun. */
        BEACON_NOT_YET_VALID("Beacon not yet valid"),
        /** Ours, {@code --require-beacon}: the ID does not start with the beacon's prefix. */
        BEACON_PREFIX("ID does not start with the beacon prefix"),
        /** Ours, {@code --require-beacon}: none of the server's keys signed the beacon. */
        BEACON_SIGNATURE("Invalid beacon signature");

        private final String text;

        ErrorText(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
