package io.meshkit.signaling.attack;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One client registers an ID, then sends empty pings as fast as the socket takes them and never
 * reads. Each ping asks for a pong: without a bound the server's unsent pongs grow until the heap
 * is gone (before the fix: 7 → 320 MB of heap in 1.3 s, then the JVM exited on OutOfMemoryError).
 */
@Timeout(180)
class PingFloodAttackIT {
    static final Duration ATTACK = Duration.ofSeconds(6);

    @Test
    void pingFloodFromAClientThatNeverReads() throws Exception {
        try (AttackRun run = new AttackRun("ping-flood")) {
            run.counter("dropped{reason=rate_limited} + closed{reason=outbound_overflow}", m ->
                    m.count("meshkit_signaling_dropped_total", "reason", "rate_limited")
                            + m.count("meshkit_signaling_closed_total", "reason", "outbound_overflow"));
            AtomicLong pings = new AtomicLong();
            CountDownLatch flooded = new CountDownLatch(1);
            CountDownLatch measured = new CountDownLatch(1);
            Thread attacker = new Thread(() -> flood(run, pings, flooded, measured), "ping-flood");
            run.during();
            attacker.start();
            run.awaitDuringRounds(3, ATTACK.plusSeconds(30));
            // The attacker stops writing but keeps its connection: what does the server hold for it?
            flooded.await(ATTACK.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            run.measureWhileHeld();
            measured.countDown();
            attacker.join(30_000);
            System.out.println("[attack] ping-flood: " + pings.get() + " pings written");
            run.finish(1000);
        }
    }

    /**
     * Floods for {@link #ATTACK}; a connection the server ends is replaced by a new one. The last
     * one stays open (unread) until the live heap has been measured.
     */
    private static void flood(AttackRun run, AtomicLong pings, CountDownLatch flooded, CountDownLatch measured) {
        byte[] block = new byte[1000 * 6];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(RawWs.encodeZeroMask(RawWs.PING, true, new byte[0]), 0, block, i * 6, 6);
        }
        long end = System.nanoTime() + ATTACK.toNanos();
        int n = 0;
        while (System.nanoTime() < end && run.target.isAlive()) {
            try (RawWs ws = RawWs.open(SignalingTarget.HOST, run.target.port(), RawWs.peerjs("pinger" + (++n), "t"),
                    null, 5000)) {
                ws.receiveBuffer(4096);
                while (System.nanoTime() < end) {
                    ws.write(block);
                    pings.addAndGet(1000);
                }
                flooded.countDown();
                measured.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException closedOrRefused) {
                // the server ended this connection: open another
            }
        }
        flooded.countDown();
    }
}
