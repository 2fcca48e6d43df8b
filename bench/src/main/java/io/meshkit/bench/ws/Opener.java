package io.meshkit.bench.ws;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens many PeerJS clients with a bounded number of handshakes in flight (a real crowd does not
 * arrive in one instant, and an unbounded burst only measures the listen backlog), and reports how
 * many reached {@code OPEN}, how many failed and the first failure.
 */
public final class Opener {
    /** Handshakes in flight at once. */
    private final Semaphore inFlight;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    private final int capacity;

    public Opener(int maxInFlight) {
        this.capacity = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /**
     * One client to open: the listener gets every event after {@code OPEN}; {@code server} null for
     * the clients' default server (a cluster benchmark puts the two sides of a pair on two nodes).
     */
    public record Spec(String id, String token, InetAddress localAddress, PeerJsClients.Listener listener,
                       java.net.InetSocketAddress server) {
        public Spec(String id, String token, InetAddress localAddress, PeerJsClients.Listener listener) {
            this(id, token, localAddress, listener, null);
        }
    }

    /**
     * Opens all {@code specs}, waiting at most {@code timeoutMillis} in total; stops early once
     * {@code maxFailures} have failed. Returns the number opened.
     */
    public int openAll(PeerJsClients clients, List<Spec> specs, long timeoutMillis, int maxFailures)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Spec s : specs) {
            if (failed.get() >= maxFailures) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                noteFailure("timed out opening clients");
                break;
            }
            clients.connect(s.server(), s.id(), s.token(), s.localAddress(), new Tracking(s.listener()));
        }
        // Wait for the stragglers: every started handshake releases its permit once it settles.
        int total = capacity;
        long left = deadline - System.nanoTime();
        if (left > 0 && inFlight.tryAcquire(total, left, TimeUnit.NANOSECONDS)) {
            inFlight.release(total);
        }
        return opened.get();
    }

    public int opened() {
        return opened.get();
    }

    public int failed() {
        return failed.get();
    }

    public String firstFailure() {
        return firstFailure.get();
    }

    private void noteFailure(String why) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, why);
    }

    private final class Tracking implements PeerJsClients.Listener {
        private final PeerJsClients.Listener inner;
        private boolean settled;

        Tracking(PeerJsClients.Listener inner) {
            this.inner = inner;
        }

        @Override
        public void onOpen(Channel channel) {
            if (!settled) {
                settled = true;
                opened.incrementAndGet();
                inFlight.release();
            }
            inner.onOpen(channel);
        }

        @Override
        public void onMessage(Channel channel, String text) {
            if (!settled) {
                // peerjs-server answers a refused client with ERROR/ID-TAKEN before it closes.
                settled = true;
                noteFailure("server said: " + text.substring(0, Math.min(120, text.length())));
                inFlight.release();
                return;
            }
            inner.onMessage(channel, text);
        }

        @Override
        public void onFrame(Channel channel, io.netty.buffer.ByteBuf utf8) {
            if (!settled) {
                PeerJsClients.Listener.super.onFrame(channel, utf8);
                return;
            }
            inner.onFrame(channel, utf8);
        }

        @Override
        public void onClosed(Channel channel, Throwable cause) {
            if (!settled) {
                settled = true;
                noteFailure(cause == null ? "closed before OPEN" : cause.toString());
                inFlight.release();
            }
            inner.onClosed(channel, cause);
        }
    }
}
