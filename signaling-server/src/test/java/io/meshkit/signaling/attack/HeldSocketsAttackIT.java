package io.meshkit.signaling.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.lab.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sockets a client opens and then holds, silent. Before the fix: 2,000 sockets re-attaching with one
 * ID and token, 1,500 of them with a 60 KB unfinished fragment, were all still open 91 s later
 * (+87 MB): a replaced socket was outside every limit and every timeout.
 */
@Timeout(240)
class HeldSocketsAttackIT {
    static final int SOCKETS = 2000;
    static final int WITH_FRAGMENT = 1500;
    static final int SOURCES = 100;
    static final byte[] FRAGMENT = new byte[60_000];

    static {
        java.util.Arrays.fill(FRAGMENT, (byte) 'x');
    }

    @Test
    void twoThousandSameTokenReattachesThenSilence() throws Exception {
        try (AttackRun run = new AttackRun("reattach-and-hold")) {
            run.counter("closed{reason=replaced}", m -> m.count("meshkit_signaling_closed_total", "reason", "replaced"));
            run.during();
            List<RawWs> held = new ArrayList<>();
            try {
                for (int i = 0; i < SOCKETS && run.target.isAlive(); i++) {
                    RawWs ws = open(run, RawWs.peerjs("held", "same-token"), i);
                    if (ws == null) {
                        continue;
                    }
                    held.add(ws);
                    if (i < WITH_FRAGMENT) {
                        unfinishedFragment(ws);
                    }
                }
                run.awaitDuringRounds(3, Duration.ofSeconds(30));
                run.measureWhileHeld();
                awaitFewConnections(run, Duration.ofSeconds(20));
            } finally {
                held.forEach(RawWs::close);
            }
            run.finish(SOCKETS - 1);
        }
    }

    @Test
    void unfinishedFragmentsOnManyIds() throws Exception {
        try (AttackRun run = new AttackRun("unfinished-fragments")) {
            run.counter("closed{reason=fragment_budget|fragment_timeout}", m ->
                    m.count("meshkit_signaling_closed_total", "reason", "fragment_budget")
                            + m.count("meshkit_signaling_closed_total", "reason", "fragment_timeout"));
            run.during();
            List<RawWs> held = new ArrayList<>();
            try {
                for (int i = 0; i < WITH_FRAGMENT && run.target.isAlive(); i++) {
                    RawWs ws = open(run, RawWs.peerjs("frag" + i, "t"), i);
                    if (ws == null) {
                        continue;
                    }
                    held.add(ws);
                    unfinishedFragment(ws);
                }
                run.awaitDuringRounds(3, Duration.ofSeconds(30));
                run.measureWhileHeld();
                awaitFewConnections(run, Duration.ofSeconds(30));
            } finally {
                held.forEach(RawWs::close);
            }
            run.finish(WITH_FRAGMENT);
        }
    }

    /** Opens socket {@code i} from one of {@link #SOURCES} loopback addresses; null if refused. */
    private static RawWs open(AttackRun run, String target, int i) {
        try {
            RawWs ws = RawWs.open(SignalingTarget.HOST, run.target.port(), target, SignalingTarget.source(0x100 + i % SOURCES),
                    5000);
            if (!ws.upgraded()) {
                ws.close();
                return null;
            }
            return ws;
        } catch (IOException refused) {
            return null;
        }
    }

    private static void unfinishedFragment(RawWs ws) {
        try {
            ws.frame(RawWs.TEXT, false, FRAGMENT);
        } catch (IOException closed) {
            // already closed by the server
        }
    }

    /** Polls the server's open-WebSocket gauge until at most a handful remain (the holder and the prober). */
    private static void awaitFewConnections(AttackRun run, Duration max) {
        Await.until(() -> !run.target.isAlive()
                        || run.target.metrics().value("meshkit_signaling_connections") <= 5,
                max, () -> "open WebSockets: " + run.target.metrics().value("meshkit_signaling_connections"));
    }
}
