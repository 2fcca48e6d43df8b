package io.meshkit.mesh.webrtc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.meshkit.mesh.peerjs.BinaryChunks;
import io.meshkit.mesh.peerjs.BinaryPack;
import io.meshkit.mesh.peerjs.PeerJsWire;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Turns application values into data-channel frames and back, per PeerJS serialization
 * ({@code Json}, {@code BinaryPack}, {@code Raw} connection classes of peerjs 1.5.5). One instance
 * per connection (chunk ids and reassembly state are per connection). Not thread-safe.
 */
final class DataCodec {
    /** A frame to put on the channel. */
    record Frame(byte[] bytes, boolean binary) {}

    /** What a received frame meant. */
    sealed interface Received permits Data, PeerClose, Partial, Invalid {}

    /** A whole application value. */
    record Data(Object value) implements Received {}

    /** PeerJS's {@code {__peerData: {type: "close"}}}: the remote closes after flushing. */
    record PeerClose() implements Received {}

    /** A chunk of a larger message; nothing to deliver yet. */
    record Partial() implements Received {}

    /** The frame was refused; {@code reason} never quotes it. */
    record Invalid(String reason) implements Received {}

    private final Serialization serialization;
    private final BinaryChunks chunks = new BinaryChunks();

    DataCodec(Serialization serialization) {
        this.serialization = serialization;
    }

    /** Frames for one value; throws {@link IllegalArgumentException} for a value the serialization cannot carry. */
    List<Frame> encode(Object value) {
        switch (serialization) {
            case JSON: {
                byte[] json;
                try {
                    json = PeerJsWire.JSON.writeValueAsBytes(value);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("value is not JSON-serializable", e);
                }
                // PeerJS Json._send refuses messages of chunkedMTU bytes or more.
                if (json.length >= BinaryChunks.CHUNKED_MTU) {
                    throw new IllegalArgumentException("message too big for a json channel: " + json.length + " bytes");
                }
                return List.of(new Frame(json, true));
            }
            case RAW:
                if (value instanceof byte[] b) {
                    return List.of(new Frame(b, true));
                }
                if (value instanceof String s) {
                    return List.of(new Frame(s.getBytes(StandardCharsets.UTF_8), false));
                }
                throw new IllegalArgumentException("a raw channel carries bytes or strings");
            default:
                return chunks.split(BinaryPack.encode(value)).stream().map(b -> new Frame(b, true)).toList();
        }
    }

    /**
     * Frames for one JSON document given as text (what the mesh protocol's codec produces), in this connection's
     * serialization: the text itself on {@code json}, the parsed value BinaryPack-encoded (and chunked when large) on
     * {@code binary}, a text frame on {@code raw}. A peer decodes it in the serialization it asked for, so a PeerJS
     * browser that opened a {@code binary} link receives an object, not bytes of JSON. Throws
     * {@link IllegalArgumentException} for text that is not JSON within {@link PeerJsWire#JSON}'s limits or that the
     * serialization cannot carry.
     */
    List<Frame> encodeJsonText(String json) {
        switch (serialization) {
            case JSON: {
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > DataConnection.MAX_FRAME_BYTES) {
                    throw new IllegalArgumentException("message too big for a json channel: " + bytes.length + " bytes");
                }
                return List.of(new Frame(bytes, true));
            }
            case RAW:
                return List.of(new Frame(json.getBytes(StandardCharsets.UTF_8), false));
            default: {
                Object tree;
                try {
                    tree = PeerJsWire.JSON.readValue(json, Object.class);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("not JSON within limits", e);
                }
                return encode(tree);
            }
        }
    }

    /** Decodes one received frame (already bounded in size by the channel). */
    Received decode(byte[] frame, boolean binary) {
        switch (serialization) {
            case RAW:
                return new Data(binary ? frame : new String(frame, StandardCharsets.UTF_8));
            case JSON: {
                Object v;
                try {
                    v = PeerJsWire.JSON.readValue(frame, Object.class);
                } catch (java.io.IOException e) {
                    return new Invalid("not JSON within limits");
                }
                if (v instanceof Map<?, ?> m && m.get("__peerData") instanceof Map<?, ?> pd && "close".equals(pd.get("type"))) {
                    return new PeerClose();
                }
                return new Data(v);
            }
            default:
                return decodeBinary(frame, 0);
        }
    }

    private Received decodeBinary(byte[] frame, int depth) {
        BinaryPack.Decoded d = BinaryPack.decode(frame);
        if (d instanceof BinaryPack.Rejected r) {
            return new Invalid(r.reason());
        }
        Object v = ((BinaryPack.Value) d).value();
        if (v instanceof Map<?, ?> m) {
            Object peerData = m.get("__peerData");
            if (peerData instanceof Map<?, ?> pd) {
                return "close".equals(pd.get("type")) ? new PeerClose() : new Invalid("unknown __peerData control");
            }
            if (peerData != null && !Boolean.FALSE.equals(peerData) && !Long.valueOf(0).equals(peerData)) {
                if (depth > 0) {
                    return new Invalid("chunk inside a chunked message");
                }
                @SuppressWarnings("unchecked")
                BinaryChunks.Outcome o = chunks.accept((Map<String, Object>) m);
                if (o instanceof BinaryChunks.Complete c) {
                    return decodeBinary(c.packed(), depth + 1);
                }
                if (o instanceof BinaryChunks.Invalid i) {
                    return new Invalid(i.reason());
                }
                return new Partial();
            }
        }
        return new Data(v);
    }
}
