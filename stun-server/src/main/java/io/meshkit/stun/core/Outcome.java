package io.meshkit.stun.core;

import java.net.InetSocketAddress;

/** What to do with one received packet. */
public sealed interface Outcome permits Outcome.Reply, Outcome.Drop {

    /**
     * Send {@code bytes} to {@code to} from local endpoint {@code from}: the request's source and the
     * endpoint it arrived on, except with RFC 5780 over UDP, where CHANGE-REQUEST picks another local
     * endpoint and RESPONSE-PORT another port of the source's IP address.
     */
    record Reply(byte[] bytes, Endpoint from, InetSocketAddress to) implements Outcome {
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
