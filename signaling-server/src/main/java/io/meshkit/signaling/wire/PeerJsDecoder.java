package io.meshkit.signaling.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * Decodes one client frame into an {@link Inbound}, the way peerjs-server 1.0.2's
 * {@code webSocketServer/index.ts} and {@code messageHandler} read it: {@code JSON.parse} the whole
 * frame (text or binary alike), keep {@code type}, {@code dst} and {@code payload} (the last one
 * wins when a key repeats, as in {@code JSON.parse}), ignore every other field ({@code src} is
 * stamped by the server). Never throws on input; thread-safe.
 *
 * <p>Limits, in layers: the frame size is bounded by the WebSocket decoder before this runs; here
 * Jackson's {@link StreamReadConstraints} bound nesting depth, number length and string length.
 */
public final class PeerJsDecoder {
    /** Maximum nesting depth of a message (the payload's objects and arrays included). */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Maximum length of a number literal, in characters. */
    public static final int MAX_NUMBER_LENGTH = 64;

    private final JsonFactory factory;
    private final int maxStringLength;
    private final int maxNameLength;

    /** A decoder whose strings may be at most {@code maxStringLength} characters long. */
    public PeerJsDecoder(int maxStringLength) {
        this.maxStringLength = Math.max(1, maxStringLength);
        this.maxNameLength = Math.max(1, Math.min(maxStringLength, 50_000));
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(Math.max(1, maxStringLength))
                        .maxNameLength(Math.max(1, Math.min(maxStringLength, 50_000)))
                        .build())
                .build();
    }

    /** Decodes {@code len} bytes of {@code buf} from {@code off} (UTF-8 JSON). */
    public Inbound decode(byte[] buf, int off, int len) {
        // What PeerJS clients send takes the one-pass scanner (no parser objects per message); the
        // scanner hands anything else to Jackson, which has the last word on errors and limits.
        Inbound fast;
        try {
            fast = FastScanner.scan(buf, off, len, maxStringLength, maxNameLength);
        } catch (RuntimeException e) {
            fast = null; // cannot happen (bounds are checked); Jackson still gives the answer
        }
        return fast != null ? fast : decodeWithJackson(buf, off, len);
    }

    /**
     * Decodes a text message, or returns {@code null} when it is not well-formed UTF-8 (the caller
     * closes with 1007, RFC 6455 section 8.1). What the fast path accepts is valid UTF-8 already, so
     * the common case scans the bytes once.
     */
    public Inbound decodeText(byte[] buf, int off, int len) {
        Inbound fast;
        try {
            fast = FastScanner.scan(buf, off, len, maxStringLength, maxNameLength);
        } catch (RuntimeException e) {
            fast = null;
        }
        if (fast != null) {
            return fast;
        }
        return Utf8.isValid(buf, off, len) ? decodeWithJackson(buf, off, len) : null;
    }

    /** The full parser alone (the reference the fast path is tested against). */
    Inbound decodeWithJackson(byte[] buf, int off, int len) {
        try (JsonParser p = factory.createParser(buf, off, len)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                // A primitive or null: the reference's `message.src = ...` throws (strict mode) and it
                // emits an error. An array gets no handler. Either way nothing is sent.
                if (first == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
                return requireEnd(p, new Inbound.Rejected(Inbound.Reason.NOT_AN_OBJECT));
            }
            String type = null;
            boolean typeIsString = false;
            String dst = null;
            boolean dstNonString = false;
            RawJson payload = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "type" -> {
                        typeIsString = v == JsonToken.VALUE_STRING;
                        type = typeIsString ? p.getText() : null;
                        p.skipChildren();
                    }
                    case "dst" -> {
                        dst = null;
                        dstNonString = false;
                        if (v == JsonToken.VALUE_STRING) {
                            dst = p.getText();
                        } else {
                            dstNonString = isTruthy(p, v);
                            p.skipChildren();
                        }
                    }
                    case "payload" -> payload = rawValue(p, buf, off);
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return new Inbound.Rejected(Inbound.Reason.MALFORMED_JSON);
            }
            Inbound result;
            MessageType mt = typeIsString ? MessageType.fromWire(type) : null;
            if (mt == MessageType.HEARTBEAT) {
                result = Inbound.Heartbeat.INSTANCE;
            } else if (mt == null || !mt.isRelayed()) {
                result = new Inbound.Ignored(Inbound.Reason.UNKNOWN_TYPE);
            } else if (dstNonString) {
                // The reference would queue it under a key no client can ever hold; see docs/SIGNALING.md.
                result = new Inbound.Ignored(Inbound.Reason.NON_STRING_DST);
            } else {
                result = new Inbound.Transmit(mt, dst, payload);
            }
            return requireEnd(p, result);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            return new Inbound.Rejected(Inbound.Reason.LIMIT_EXCEEDED);
        } catch (IOException | RuntimeException e) {
            return new Inbound.Rejected(Inbound.Reason.MALFORMED_JSON);
        }
    }

    /**
     * One JSON value on its own (a {@code payload} from another node), under the same limits as a
     * client's message, compacted as a client's payload would be; {@code null} when it is not exactly
     * one well-formed JSON value within the limits.
     */
    public RawJson decodeValue(byte[] buf, int off, int len) {
        if (!Utf8.isValid(buf, off, len)) {
            return null;
        }
        try (JsonParser p = factory.createParser(buf, off, len)) {
            if (p.nextToken() == null) {
                return null;
            }
            RawJson value = rawValue(p, buf, off);
            return p.nextToken() == null ? value : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Convenience for whole arrays. */
    public Inbound decode(byte[] frame) {
        return decode(frame, 0, frame.length);
    }

    private static Inbound requireEnd(JsonParser p, Inbound result) throws IOException {
        // JSON.parse rejects anything after the value, except whitespace.
        return p.nextToken() == null ? result : new Inbound.Rejected(Inbound.Reason.MALFORMED_JSON);
    }

    private static boolean isTruthy(JsonParser p, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_NULL, VALUE_FALSE -> false;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue() != 0.0;
            default -> true;
        };
    }

    private static RawJson rawValue(JsonParser p, byte[] buf, int base) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        long end = p.currentLocation().getByteOffset();
        return JsonCompactor.compact(buf, base + (int) start, (int) (end - start));
    }
}
