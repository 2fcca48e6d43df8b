package io.meshkit.signaling.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two clients send OFFERs without payload to ever-new absent IDs. Before the fix only payload bytes
 * counted against the queue bound, so 60 KB destination strings were free: heap +160 MB while the
 * {@code queue_bytes} gauge read 0, and the process died of OutOfMemoryError after about 6 s.
 */
@Timeout(180)
class QueueFloodAttackIT {
    static final Duration ATTACK = Duration.ofSeconds(8);

    @Test
    void offersToEverNewHugeDestinations() throws Exception {
        attack("queue-flood-60k-dst", 60_000, "dropped{reason=invalid_id}",
                "meshkit_signaling_dropped_total", "invalid_id");
    }

    @Test
    void offersToEverNewValidDestinationsOfTheMaximumLength() throws Exception {
        attack("queue-flood-max-length-dst", 128, "dropped{reason=queue_full}",
                "meshkit_signaling_dropped_total", "queue_full");
    }

    private void attack(String name, int dstLength, String counter, String metric, String reason) throws Exception {
        try (AttackRun run = new AttackRun(name)) {
            run.counter(counter, m -> m.count(metric, "reason", reason));
            AtomicLong sent = new AtomicLong();
            Thread[] attackers = new Thread[2];
            CountDownLatch flooded = new CountDownLatch(attackers.length);
            CountDownLatch measured = new CountDownLatch(1);
            for (int i = 0; i < attackers.length; i++) {
                int n = i;
                attackers[i] = new Thread(() -> flood(run, n, dstLength, sent, flooded, measured), "queue-flood-" + i);
            }
            run.during();
            for (Thread t : attackers) {
                t.start();
            }
            run.awaitDuringRounds(3, ATTACK.plusSeconds(30));
            // The attackers stop but keep their connections (and their queued messages alive).
            flooded.await(ATTACK.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            run.measureWhileHeld();
            measured.countDown();
            for (Thread t : attackers) {
                t.join(30_000);
            }
            System.out.println("[attack] " + name + ": " + sent.get() + " OFFERs written");
            run.finish(1);
        }
    }

    /**
     * OFFERs to {@code xxx…000000000001}-style IDs of {@code dstLength} characters, each new, for
     * {@link #ATTACK}; reads nothing. Frames are built once per block and only their counter digits
     * change (zero masking key), so the attacker spends its CPU sending. A connection the server
     * ends is replaced. The last one stays open until the live heap has been measured.
     */
    private static void flood(AttackRun run, int sender, int dstLength, AtomicLong sent, CountDownLatch flooded,
                              CountDownLatch measured) {
        long end = System.nanoTime() + ATTACK.toNanos();
        String pad = "x".repeat(dstLength - 12);
        byte[] one = RawWs.encodeZeroMask(RawWs.TEXT, true,
                ("{\"type\":\"OFFER\",\"dst\":\"" + pad + "000000000000\"}").getBytes(StandardCharsets.US_ASCII));
        int digits = one.length - 2 - 12; // the counter's place: before the closing quote and brace
        int perBlock = Math.max(1, (256 * 1024) / one.length);
        byte[] block = new byte[perBlock * one.length];
        for (int i = 0; i < perBlock; i++) {
            System.arraycopy(one, 0, block, i * one.length, one.length);
        }
        long k = 0;
        int conn = 0;
        while (System.nanoTime() < end && run.target.isAlive()) {
            try (RawWs ws = RawWs.open(SignalingTarget.HOST, run.target.port(),
                    RawWs.peerjs("flooder" + sender + "c" + (++conn), "t"), SignalingTarget.source(0x10 + sender),
                    5000)) {
                while (System.nanoTime() < end) {
                    for (int i = 0; i < perBlock; i++) {
                        long n = k++;
                        int at = i * one.length + digits + 11;
                        for (int d = 0; d < 12; d++) {
                            block[at - d] = (byte) ('0' + (n % 10));
                            n /= 10;
                        }
                    }
                    ws.write(block);
                    sent.addAndGet(perBlock);
                }
                flooded.countDown();
                measured.await(60, TimeUnit.SECONDS);
                return;
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
