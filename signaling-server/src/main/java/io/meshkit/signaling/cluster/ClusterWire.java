package io.meshkit.signaling.cluster;

import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.core.PeerIds;
import io.meshkit.signaling.wire.PeerJsDecoder;
import io.meshkit.signaling.wire.MessageType;
import io.meshkit.signaling.wire.RawJson;
import java.nio.charset.StandardCharsets;

/**
 * What nodes publish to each other on Redis Pub/Sub. IDs are untrusted strings (any character), so
 * fields are length-prefixed rather than delimited:
 * <ul>
 * <li>{@code M<type>|<srcLen>|<dstLen>|<src><dst><payload>} a relayed message ({@code payload} empty when absent);
 * {@code N…} the same, forwarded once by a node that no longer held the destination (never forwarded again)</li>
 * <li>{@code C<id>} an ID was claimed (broadcast: senders drain what they queued for it, owner caches drop it)</li>
 * <li>{@code R<id>} an ID was released (broadcast: owner caches drop it)</li>
 * <li>{@code E<id>} an ID moved to another node with its token (to its former node: forget it)</li>
 * </ul>
 * Only our nodes should write to these channels, but Redis is not trusted to keep it so: every message
 * is checked as a client's would be, and one that fails is dropped ({@link #decodeRelay} returns null).
 */
final class ClusterWire {
    private ClusterWire() {}

    static String relay(Outbound.Relay r) {
        return relay(r, false);
    }

    /** {@code forwarded}: kind {@code N}, a message a node passes on once and that is never routed again. */
    static String relay(Outbound.Relay r, boolean forwarded) {
        String payload = r.payload() == null ? "" : new String(r.payload().bytes(), StandardCharsets.UTF_8);
        return (forwarded ? "N" : "M") + r.type().wire() + "|" + r.src().length() + "|" + r.dst().length() + "|" + r.src() + r.dst() + payload;
    }

    /**
     * A relayed message from Redis, checked as strictly as a client's: a relayed type, {@code src}
     * and {@code dst} valid PeerJS IDs of at most {@code maxIdLength} characters, and a payload that
     * the clients' own decoder accepts (one JSON value within its limits; what is relayed is the
     * decoder's output, so a client receives exactly what it would from a client). Anything else
     * is {@code null}: whoever can publish on our Redis can send no more than a client could.
     */
    static Outbound.Relay decodeRelay(String m, PeerJsDecoder decoder, int maxIdLength) {
        try {
            int a = m.indexOf('|', 1);
            int b = a < 0 ? -1 : m.indexOf('|', a + 1);
            int c = b < 0 ? -1 : m.indexOf('|', b + 1);
            if (a < 0 || b < 0 || c < 0 || c - a > 12) {
                return null;
            }
            MessageType type = MessageType.fromWire(m.substring(1, a));
            int srcLen = Integer.parseInt(m.substring(a + 1, b));
            int dstLen = Integer.parseInt(m.substring(b + 1, c));
            int s = c + 1;
            if (type == null || !type.isRelayed() || srcLen < 1 || dstLen < 1 || srcLen > maxIdLength
                    || dstLen > maxIdLength || s + srcLen + dstLen > m.length()) {
                return null;
            }
            String src = m.substring(s, s + srcLen);
            String dst = m.substring(s + srcLen, s + srcLen + dstLen);
            if (!PeerIds.isValid(src, maxIdLength) || !PeerIds.isValid(dst, maxIdLength)) {
                return null;
            }
            String payload = m.substring(s + srcLen + dstLen);
            if (payload.isEmpty()) {
                return new Outbound.Relay(type, src, dst, null);
            }
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            RawJson json = decoder.decodeValue(bytes, 0, bytes.length);
            return json == null ? null : new Outbound.Relay(type, src, dst, json);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
