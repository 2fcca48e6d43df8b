package io.meshkit.signaling.attack;

import java.io.IOException;
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
     * OFFERs to {@code dst0000001…}-style IDs of {@code dstLength} characters, each new, for
     * {@link #ATTACK}; reads nothing. A connection the server ends is replaced.
     */
    private static void flood(AttackRun run, int sender, int dstLength, AtomicLong sent, CountDownLatch flooded,
                              CountDownLatch measured) {
        long end = System.nanoTime() + ATTACK.toNanos();
        StringBuilder pad = new StringBuilder();
        while (pad.length() < dstLength - 12) {
            pad.append('x');
        }
        long k = 0;
        int conn = 0;
        while (System.nanoTime() < end && run.target.isAlive()) {
            try (RawWs ws = RawWs.open(SignalingTarget.HOST, run.target.port(),
                    RawWs.peerjs("flooder" + sender + "c" + (++conn), "t"), SignalingTarget.source(0x10 + sender),
                    5000)) {
                while (System.nanoTime() < end) {
                    String dst = pad + String.format("%012d", k++);
                    ws.text("{\"type\":\"OFFER\",\"dst\":\"" + dst + "\"}");
                    sent.incrementAndGet();
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
