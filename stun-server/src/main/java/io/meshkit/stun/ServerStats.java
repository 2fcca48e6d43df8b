package io.meshkit.stun;

import io.meshkit.ops.guard.Rejections;
import io.meshkit.stun.core.DropReason;
import io.meshkit.stun.core.Transport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the server received, answered and dropped, by transport and reason.
 * Thread-safe. Every counter is a {@link LongAdder} allocated up front and found by enum ordinal,
 * so the packet path never looks anything up; the metrics endpoint reads these
 * ({@link io.meshkit.stun.metrics.StunMetrics}).
 */
public final class ServerStats {
    private final LongAdder[] received = adders(Transport.values().length);
    private final LongAdder[] success = adders(Transport.values().length);
    private final LongAdder[] errorResponses = adders(Transport.values().length);
    private final LongAdder errors = new LongAdder();
    private final LongAdder[] dropped = adders(DropReason.values().length);
    private final AtomicLong tcpOpen = new AtomicLong();
    private final LongAdder tcpAccepted = new LongAdder();
    private final LongAdder tcpRefused = new LongAdder();
    private final Rejections tcpRejections = new Rejections("STUN TCP");

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** A message (datagram, or framed message on a TCP stream) arrived. */
    public void received(Transport transport) {
        received[transport.ordinal()].increment();
    }

    /** A response was sent; {@code response} is its encoded bytes (class read from the header). */
    public void answered(Transport transport, byte[] response) {
        // RFC 8489 §5: the class bits of the message type; 0x0111 is a Binding error response.
        boolean error = response.length > 1 && (response[1] & 0x10) != 0;
        (error ? errorResponses : success)[transport.ordinal()].increment();
    }

    public void dropped(DropReason reason) {
        dropped[reason.ordinal()].increment();
    }

    /** An unexpected exception in the I/O path (our bug, or a socket error); the packet was dropped. */
    public void error() {
        errors.increment();
    }

    /** A TCP connection was accepted. */
    public void tcpOpened() {
        tcpOpen.incrementAndGet();
        tcpAccepted.increment();
    }

    /** An accepted TCP connection ended. */
    public void tcpClosed() {
        tcpOpen.decrementAndGet();
    }

    /** TCP connections refused or closed by the server, by reason (counted and logged there). */
    public Rejections tcpRejections() {
        return tcpRejections;
    }

    /** A TCP connection was closed on accept: over {@code --tcp-max-connections} or {@code --tcp-max-per-source}. */
    public void tcpRefused() {
        tcpRefused.increment();
    }

    public long receivedCount(Transport transport) {
        return received[transport.ordinal()].sum();
    }

    public long receivedCount() {
        return sum(received);
    }

    /** Success ({@code error == false}) or error responses sent over {@code transport}. */
    public long answeredCount(Transport transport, boolean error) {
        return (error ? errorResponses : success)[transport.ordinal()].sum();
    }

    public long answeredCount() {
        return sum(success) + sum(errorResponses);
    }

    public long errorCount() {
        return errors.sum();
    }

    public long droppedCount(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    public long tcpOpenCount() {
        return tcpOpen.get();
    }

    public long tcpAcceptedCount() {
        return tcpAccepted.sum();
    }

    public long tcpRefusedCount() {
        return tcpRefused.sum();
    }

    private static long sum(LongAdder[] a) {
        long n = 0;
        for (LongAdder x : a) {
            n += x.sum();
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("received=").append(receivedCount()).append(" answered=")
                .append(answeredCount()).append(" errors=").append(errorCount());
        for (DropReason r : DropReason.values()) {
            long n = droppedCount(r);
            if (n > 0) {
                sb.append(' ').append(r.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(n);
            }
        }
        return sb.toString();
    }
}
