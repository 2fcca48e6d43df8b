package io.meshkit.mesh.peerjs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PeerJS's chunking of large {@code binary} messages ({@code BinaryPackChunker}, peerjs 1.5.5): a
 * packed message longer than {@link #CHUNKED_MTU} bytes travels as several BinaryPack maps
 * {@code {__peerData: id, n: index, data: bytes, total: count}} whose {@code data} pieces,
 * concatenated in {@code n} order, are the packed message.
 *
 * <p>One instance per data connection (message ids are per sender). Not thread-safe.
 */
public final class BinaryChunks {
    /**
     * Largest packed message sent whole, and the size of each chunk: PeerJS's {@code chunkedMTU}
     * (16300, chosen because Firefox to Chrome cut messages at 16 KiB).
     */
    public static final int CHUNKED_MTU = 16300;

    /** Largest reassembled message accepted by default; more is a hostile or broken peer. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** Most messages being reassembled at once; a new one beyond this evicts the oldest. */
    public static final int MAX_PENDING_MESSAGES = 16;

    private int nextId = 1;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private final int maxMessageBytes;

    /** Reassembles messages of up to {@link #MAX_MESSAGE_BYTES}. */
    public BinaryChunks() {
        this(MAX_MESSAGE_BYTES);
    }

    /** Reassembles messages of up to {@code maxMessageBytes} (1 to {@link #MAX_MESSAGE_BYTES}). */
    public BinaryChunks(int maxMessageBytes) {
        if (maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes out of range");
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    private static final class Pending {
        final int total;
        final Map<Integer, byte[]> parts = new HashMap<>();
        long bytes;

        Pending(int total) {
            this.total = total;
        }
    }

    /** Splits one packed message into packed chunk messages (one element when it is small). */
    public List<byte[]> split(byte[] packed) {
        if (packed.length <= CHUNKED_MTU) {
            return List.of(packed);
        }
        int total = (packed.length + CHUNKED_MTU - 1) / CHUNKED_MTU;
        int id = nextId++;
        List<byte[]> out = new ArrayList<>(total);
        for (int n = 0; n < total; n++) {
            int start = n * CHUNKED_MTU;
            byte[] piece = java.util.Arrays.copyOfRange(packed, start, Math.min(packed.length, start + CHUNKED_MTU));
            // Same key order as PeerJS's chunk objects.
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("__peerData", (long) id);
            chunk.put("n", (long) n);
            chunk.put("data", piece);
            chunk.put("total", (long) total);
            out.add(BinaryPack.encode(chunk));
        }
        return out;
    }

    /** What one received chunk led to. */
    public sealed interface Outcome permits Incomplete, Complete, Invalid {}

    /** More chunks are needed. */
    public record Incomplete() implements Outcome {}

    /** The last chunk arrived: {@code packed} is the whole packed message. */
    public record Complete(byte[] packed) implements Outcome {}

    /** The chunk broke a rule; the partial message it belonged to is dropped. */
    public record Invalid(String reason) implements Outcome {}

    /**
     * Takes one decoded chunk map (a map with a numeric {@code __peerData}). Duplicate indexes
     * overwrite, as in PeerJS, but are counted once.
     */
    public Outcome accept(Map<String, Object> chunk) {
        Optional<Long> id = asLong(chunk.get("__peerData"));
        Optional<Long> n = asLong(chunk.get("n"));
        Optional<Long> total = asLong(chunk.get("total"));
        Object data = chunk.get("data");
        if (id.isEmpty() || n.isEmpty() || total.isEmpty() || !(data instanceof byte[] piece)) {
            return new Invalid("chunk lacks __peerData, n, total or data");
        }
        long maxChunks = (maxMessageBytes + CHUNKED_MTU - 1) / CHUNKED_MTU + 1;
        if (total.get() < 1 || total.get() > maxChunks || n.get() < 0 || n.get() >= total.get()) {
            pending.remove(id.get());
            return new Invalid("chunk index or total out of range");
        }
        Pending p = pending.get(id.get());
        if (p == null) {
            if (pending.size() >= MAX_PENDING_MESSAGES) {
                pending.remove(pending.keySet().iterator().next());
            }
            p = new Pending(total.get().intValue());
            pending.put(id.get(), p);
        } else if (p.total != total.get()) {
            pending.remove(id.get());
            return new Invalid("chunk total changed within one message");
        }
        byte[] previous = p.parts.put(n.get().intValue(), piece);
        p.bytes += piece.length - (previous == null ? 0 : previous.length);
        if (p.bytes > maxMessageBytes) {
            pending.remove(id.get());
            return new Invalid("chunked message larger than " + maxMessageBytes + " bytes");
        }
        if (p.parts.size() < p.total) {
            return new Incomplete();
        }
        pending.remove(id.get());
        byte[] whole = new byte[(int) p.bytes];
        int off = 0;
        for (int k = 0; k < p.total; k++) {
            byte[] part = p.parts.get(k);
            System.arraycopy(part, 0, whole, off, part.length);
            off += part.length;
        }
        return new Complete(whole);
    }

    /** Messages currently half-reassembled (for tests and metrics). */
    public int pendingCount() {
        return pending.size();
    }

    private static Optional<Long> asLong(Object o) {
        if (o instanceof Long l) {
            return Optional.of(l);
        }
        if (o instanceof Double d && Math.floor(d) == d && Math.abs(d) < 0x1p53) {
            return Optional.of(d.longValue());
        }
        return Optional.empty();
    }
}
