package io.meshkit.testkit.attack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attacker of the pipelining tests: one TCP connection, tens of thousands of pipelined
 * {@code GET}s written as fast as the socket takes them, never a byte read (a small receive buffer,
 * so the answers pile up on the server's side). A connection the server ends is replaced by a new
 * one until the attack's time is up.
 */
public final class Pipeliner implements AutoCloseable {
    public final AtomicLong requestsWritten = new AtomicLong();
    public final AtomicLong connections = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Socket current;

    /**
     * Starts attacking {@code host:port} from {@code from} with {@code requests} pipelined
     * {@code GET path} per connection, for {@code duration}.
     */
    public Pipeliner(InetAddress from, String host, int port, String path, int requests, Duration duration) {
        byte[] one = ("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        int perWrite = 500;
        byte[] block = new byte[one.length * perWrite];
        for (int i = 0; i < perWrite; i++) {
            System.arraycopy(one, 0, block, i * one.length, one.length);
        }
        long end = System.nanoTime() + duration.toNanos();
        thread = new Thread(() -> {
            while (running && System.nanoTime() < end) {
                try (Socket s = new Socket()) {
                    s.setReceiveBufferSize(4096);
                    s.bind(new java.net.InetSocketAddress(from, 0));
                    s.connect(new java.net.InetSocketAddress(host, port), 2000);
                    current = s;
                    connections.incrementAndGet();
                    OutputStream out = s.getOutputStream();
                    for (int sent = 0; sent < requests && running && System.nanoTime() < end; sent += perWrite) {
                        out.write(block);
                        requestsWritten.addAndGet(perWrite);
                    }
                    // All written (a server that closed the connection made a write fail before): hold
                    // it, never reading, until time is up.
                    while (running && System.nanoTime() < end) {
                        try {
                            Thread.sleep(100); // the attacker idles; nothing to synchronise with
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                } catch (IOException closedOrRefused) {
                    // the server ended this connection: open another
                }
            }
        }, "pipeliner");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits for the attack to end (bounded). */
    public void join(Duration max) throws InterruptedException {
        thread.join(max.toMillis());
    }

    @Override
    public void close() {
        running = false;
        Socket s = current;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
