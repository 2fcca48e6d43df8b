package io.meshkit.signaling.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one source address can take. Before the fix one IP took every slot of {@code -c 100}, and
 * 3,000 wrong-token guesses at one ID went through in 1.3 s.
 */
@Timeout(180)
class PerSourceAttackIT {
    @Test
    void oneAddressCannotTakeEveryId() throws Exception {
        try (AttackRun run = new AttackRun("ids-from-one-ip", "--concurrent_limit", "100")) {
            run.counter("rejected{reason=ip_ids}", m -> m.count("meshkit_signaling_rejected_total", "reason", "ip_ids"));
            run.during();
            List<RawWs> held = new ArrayList<>();
            int opened = 0;
            try {
                for (int i = 0; i < 100; i++) {
                    try {
                        RawWs ws = RawWs.open(SignalingTarget.HOST, run.target.port(), RawWs.peerjs("squat" + i, "t"),
                                SignalingTarget.source(7), 5000);
                        held.add(ws);
                        if (ws.read().text().contains("\"type\":\"OPEN\"")) {
                            opened++;
                        }
                    } catch (IOException refused) {
                        // refused at connect: counts as not opened
                    }
                }
                System.out.println("[attack] ids-from-one-ip: " + opened + " of 100 IDs registered from one address");
                // The legitimate client (another address) still gets an ID while the squatter holds its sockets.
                run.awaitDuringRounds(3, Duration.ofSeconds(30));
                run.measureWhileHeld();
                assertThat(opened).as("IDs one address could register").isLessThan(100);
            } finally {
                held.forEach(RawWs::close);
            }
            run.finish(1);
        }
    }

    @Test
    void oneAddressCannotHoldThousandsOfConnections() throws Exception {
        try (AttackRun run = new AttackRun("connections-from-one-ip")) {
            run.counter("rejected{reason=ip_connections}",
                    m -> m.count("meshkit_signaling_rejected_total", "reason", "ip_connections"));
            run.during();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3000; i++) {
                    Socket s = new Socket();
                    held.add(s);
                    try {
                        s.bind(new InetSocketAddress(SignalingTarget.source(8), 0));
                        s.connect(new InetSocketAddress(SignalingTarget.HOST, run.target.port()), 5000);
                    } catch (IOException refused) {
                        // counted by the server
                    }
                }
                run.awaitDuringRounds(3, Duration.ofSeconds(30));
                run.measureWhileHeld();
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            run.finish(1);
        }
    }

    @Test
    void wrongTokenGuessesAreThrottled() throws Exception {
        try (AttackRun run = new AttackRun("token-guessing")) {
            run.counter("rejected{reason=token_throttled}",
                    m -> m.count("meshkit_signaling_rejected_total", "reason", "token_throttled"));
            double checkedBefore = run.target.metrics().count("meshkit_signaling_rejected_total", "reason", "id_taken");
            try (RawWs victim = RawWs.open(SignalingTarget.HOST, run.target.port(), RawWs.peerjs("victim", "secret"),
                    SignalingTarget.source(9), 5000)) {
                victim.readUntil("\"type\":\"OPEN\"");
                run.during();
                AtomicInteger idTaken = new AtomicInteger();
                ConcurrentLinkedQueue<String> other = new ConcurrentLinkedQueue<>();
                long start = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(16);
                for (int i = 0; i < 3000; i++) {
                    int n = i;
                    pool.execute(() -> guess(run, n, idTaken, other));
                }
                pool.shutdown();
                assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
                double seconds = (System.nanoTime() - start) / 1e9;
                double checked = run.target.metrics().count("meshkit_signaling_rejected_total", "reason", "id_taken")
                        - checkedBefore;
                System.out.printf("[attack] token-guessing: 3000 guesses in %.1f s, %d answered ID-TAKEN, %.0f compared"
                        + " with the token, other answers %s%n", seconds, idTaken.get(), checked,
                        other.stream().limit(3).toList());
                run.awaitDuringRounds(3, Duration.ofSeconds(30));
                // The owner is unaffected: still holds its ID.
                victim.text("{\"type\":\"CANDIDATE\",\"dst\":\"victim\",\"payload\":\"still mine\"}");
                victim.readUntil("still mine");
                // Every guess looks the same to the guesser (ID-TAKEN), but at most the burst plus the
                // refill over the run was compared with the real token.
                assertThat(idTaken.get()).isEqualTo(3000);
                assertThat(checked).as("guesses compared with the token").isLessThan(300);
            }
            run.finish(2500);
        }
    }

    private static void guess(AttackRun run, int n, AtomicInteger idTaken, ConcurrentLinkedQueue<String> other) {
        try (RawWs ws = RawWs.open(SignalingTarget.HOST, run.target.port(), RawWs.peerjs("victim", "guess" + n),
                SignalingTarget.source(10 + n % 4), 5000)) {
            String answer = ws.read().text();
            if (answer.contains("ID-TAKEN")) {
                idTaken.incrementAndGet();
            } else {
                other.add(answer);
            }
        } catch (IOException e) {
            other.add(e.getClass().getSimpleName());
        }
    }
}
