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
 * ({@code Json}, {@code BinaryPack}, {@code Raw} connection classes of peerjs 1.5.5), within a size limit per message
 * in both directions ({@link #maxMessageBytes}). One instance per connection (chunk ids and reassembly state are per
 * connection). Not thread-safe.
 */
final class DataCodec {
    /**
     * Largest message on a {@code json} link: PeerJS's {@code Json._send} refuses {@code chunkedMTU} (16,300) bytes or
     * more, so a PeerJS peer never sends more, and one that received more could not answer in kind.
     */
    static final int JSON_MAX_MESSAGE_BYTES = BinaryChunks.CHUNKED_MTU - 1;

    /** A frame to put on the channel. */
    record Frame(byte[] bytes, boolean binary) {}

    /** What encoding one value gave. */
    sealed interface Encoded permits Frames, TooBig {}

    /** The frames to send, in order. */
    record Frames(List<Frame> frames) implements Encoded {}

    /** The message would be {@code bytes} long, over the connection's {@code limit}: nothing to send. */
    record TooBig(long bytes, int limit) implements Encoded {}

    /** What a received frame meant. */
    sealed interface Received permits Data, PeerClose, Partial, Invalid {}

    /** A whole application value. */
    record Data(Object value) implements Received {}

    /** PeerJS's {@code {__peerData: {type: "close"}}}: the remote closes after flushing. */
    record PeerClose() implements Received {}

    /** A chunk of a larger message; nothing to deliver yet. */
    record Partial() implements Received {}

    /** The frame was refused (not the serialization's format, or over the limit); {@code reason} never quotes it. */
    record Invalid(String reason) implements Received {}

    private final Serialization serialization;
    private final int maxMessageBytes;
    private final BinaryChunks chunks;

    /** A codec with the serialization's own limit ({@link #defaultLimit}). */
    DataCodec(Serialization serialization) {
        this(serialization, defaultLimit(serialization));
    }

    DataCodec(Serialization serialization, int maxMessageBytes) {
        if (maxMessageBytes < 1 || maxMessageBytes > defaultLimit(serialization)) {
            throw new IllegalArgumentException("maxMessageBytes must be 1.." + defaultLimit(serialization) + " on a "
                    + serialization.wire() + " link");
        }
        this.serialization = serialization;
        this.maxMessageBytes = maxMessageBytes;
        this.chunks = serialization == Serialization.BINARY || serialization == Serialization.BINARY_UTF8
                ? new BinaryChunks(maxMessageBytes) : null;
    }

    /**
     * The largest message a serialization carries: {@link #JSON_MAX_MESSAGE_BYTES} of JSON text on {@code json};
     * {@link BinaryChunks#MAX_MESSAGE_BYTES} of BinaryPack (chunked over 16,300) on {@code binary}; one frame
     * ({@link DataConnection#MAX_FRAME_BYTES}) on {@code raw}.
     */
    static int defaultLimit(Serialization s) {
        return switch (s) {
            case JSON -> JSON_MAX_MESSAGE_BYTES;
            case BINARY, BINARY_UTF8 -> BinaryChunks.MAX_MESSAGE_BYTES;
            case RAW -> DataConnection.MAX_FRAME_BYTES;
        };
    }

    /** This codec's limit, in bytes of one encoded message (before chunking). */
    int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** A codec like this one with a lower limit; only before anything was received. */
    DataCodec withLimit(int maxMessageBytes) {
        return new DataCodec(serialization, maxMessageBytes);
    }

    /** Frames for one value; throws {@link IllegalArgumentException} for a value the serialization cannot carry. */
    Encoded encode(Object value) {
        switch (serialization) {
            case JSON: {
                byte[] json;
                try {
                    json = PeerJsWire.JSON.writeValueAsBytes(value);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("value is not JSON-serializable", e);
                }
                return whole(json, true);
            }
            case RAW:
                if (value instanceof byte[] b) {
                    return whole(b, true);
                }
                if (value instanceof String s) {
                    return whole(s.getBytes(StandardCharsets.UTF_8), false);
                }
                throw new IllegalArgumentException("a raw channel carries bytes or strings");
            default: {
                byte[] packed = BinaryPack.encode(value);
                if (packed.length > maxMessageBytes) {
                    return new TooBig(packed.length, maxMessageBytes);
                }
                return new Frames(chunks.split(packed).stream().map(b -> new Frame(b, true)).toList());
            }
        }
    }

    private Encoded whole(byte[] bytes, boolean binary) {
        return bytes.length > maxMessageBytes ? new TooBig(bytes.length, maxMessageBytes)
                : new Frames(List.of(new Frame(bytes, binary)));
    }

    /**
     * Frames for one JSON document given as text (what the mesh protocol's codec produces), in this connection's
     * serialization: the text itself on {@code json}, the parsed value BinaryPack-encoded (and chunked when large) on
     * {@code binary}, a text frame on {@code raw}. A peer decodes it in the serialization it asked for, so a PeerJS
     * browser that opened a {@code binary} link receives an object, not bytes of JSON. Throws
     * {@link IllegalArgumentException} for text that is not JSON within {@link PeerJsWire#JSON}'s limits.
     */
    Encoded encodeJsonText(String json) {
        switch (serialization) {
            case JSON:
                return whole(json.getBytes(StandardCharsets.UTF_8), true);
            case RAW:
                return whole(json.getBytes(StandardCharsets.UTF_8), false);
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

    /** Decodes one received frame (already bounded by the channel's {@link DataConnection#MAX_FRAME_BYTES}). */
    Received decode(byte[] frame, boolean binary) {
        if (frame.length > maxMessageBytes) {
            return new Invalid("a " + frame.length + "-byte message; the limit is " + maxMessageBytes);
        }
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
