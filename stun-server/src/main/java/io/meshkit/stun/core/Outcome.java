package io.meshkit.stun.core;

/** What to do with one received packet. */
public sealed interface Outcome permits Outcome.Reply, Outcome.Drop {

    /**
     * Send {@code bytes} to the request's source from local endpoint {@code from} (always the
     * endpoint it arrived on, except for an RFC 5780 CHANGE-REQUEST over UDP).
     */
    record Reply(byte[] bytes, Endpoint from) implements Outcome {
        public Reply {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** Length in bytes without copying. */
        public int length() {
            return bytes.length;
        }
    }

    /** Send nothing. */
    record Drop(DropReason reason) implements Outcome {}
}
