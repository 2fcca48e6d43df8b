package io.meshkit.testkit.attack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attacker of the slow-drip tests: keeps up to {@code wanted} connections open from one source,
 * each sending the next byte of a message that is never finished, one byte per connection every
 * {@code interval} (a byte resets an idle timer; only a deadline per message ends this). A
 * connection the server ends is replaced at the next tick.
 */
public final class Dripper implements AutoCloseable {
    /** Connections alive at the last tick (the server has not ended them). */
    public final AtomicInteger alive = new AtomicInteger();
    /** Connections the server accepted (connect succeeded), in total. */
    public final AtomicLong opened = new AtomicLong();
    /** Connections the server ended (a write failed), in total. */
    public final AtomicLong ended = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();

    /** Starts dripping {@code message} into up to {@code wanted} connections to {@code host:port} from {@code from}. */
    public Dripper(InetAddress from, String host, int port, byte[] message, int wanted, Duration interval,
                   Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        thread = new Thread(() -> {
            while (running && System.nanoTime() < end) {
                for (int i = sockets.size(); i < wanted; i++) {
                    Socket s = new Socket();
                    try {
                        s.bind(new InetSocketAddress(from, 0));
                        s.connect(new InetSocketAddress(host, port), 1000);
                        opened.incrementAndGet();
                        sockets.add(s);
                        positions.add(0);
                    } catch (IOException refused) {
                        closeQuietly(s);
                    }
                }
                Iterator<Socket> it = sockets.iterator();
                for (int i = 0; it.hasNext(); ) {
                    Socket s = it.next();
                    int at = positions.get(i);
                    try {
                        s.getOutputStream().write(message[Math.min(at, message.length - 1)]);
                        s.getOutputStream().flush();
                        positions.set(i, at + 1);
                        i++;
                    } catch (IOException endedByServer) {
                        ended.incrementAndGet();
                        closeQuietly(s);
                        it.remove();
                        positions.remove(i);
                    }
                }
                alive.set(sockets.size());
                try {
                    Thread.sleep(interval.toMillis()); // the drip's pace, not synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "dripper");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Waits for the attack to end (bounded). */
    public void join(Duration max) throws InterruptedException {
        thread.join(max.toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
        sockets.forEach(Dripper::closeQuietly);
    }
}
