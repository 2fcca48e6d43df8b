package io.meshkit.signaling.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A socket that no longer holds its ID must not speak for it. Before the fix, a socket that sent
 * {@code LEAVE} (no {@code dst}) kept relaying with {@code "src":"alice"} after the real Alice had
 * registered, and so did a socket replaced by a same-token re-attach.
 */
@Timeout(120)
class ImpersonationAttackIT {
    @Test
    void aSocketThatLeftCannotSpeakForTheIdTheRealOwnerNowHolds() throws Exception {
        try (AttackRun run = new AttackRun("impersonate-after-leave")) {
            run.counter("closed{reason=left}", m -> m.count("meshkit_signaling_closed_total", "reason", "left"));
            run.during();
            try (RawWs bob = client(run, "bob", "tb", 1);
                 RawWs attacker = client(run, "alice", "ta", 2)) {
                attacker.text("{\"type\":\"LEAVE\"}");
                try (RawWs alice = awaitClaim(run, "alice", "real", 3)) {
                    List<String> forged = sendAndCollect(attacker, bob, "OFFER");
                    assertThat(forged).as("what Bob got from the socket that left").isEmpty();
                    alice.text("{\"type\":\"OFFER\",\"dst\":\"bob\",\"payload\":{\"from\":\"real\"}}");
                    assertThat(bob.readUntil("\"from\":\"real\"").text()).contains("\"src\":\"alice\"");
                }
            }
            run.awaitDuringRounds(3, Duration.ofSeconds(30));
            run.finish(1);
        }
    }

    @Test
    void aSocketReplacedBySameTokenReattachCannotSpeakForTheId() throws Exception {
        try (AttackRun run = new AttackRun("impersonate-after-replace")) {
            run.counter("closed{reason=replaced}", m -> m.count("meshkit_signaling_closed_total", "reason", "replaced"));
            run.during();
            try (RawWs bob = client(run, "bob", "tb", 1);
                 RawWs old = client(run, "alice", "ta", 2);
                 RawWs fresh = RawWs.open(SignalingTarget.HOST, run.target.port(), RawWs.peerjs("alice", "ta"),
                         SignalingTarget.source(3), 5000)) {
                // The re-attached socket gets no OPEN; it proves it holds the ID by reaching itself.
                fresh.text("{\"type\":\"CANDIDATE\",\"dst\":\"alice\",\"payload\":\"self\"}");
                fresh.readUntil("\"payload\":\"self\"");
                List<String> forged = sendAndCollect(old, bob, "ANSWER");
                assertThat(forged).as("what Bob got from the replaced socket").isEmpty();
                old.soTimeout(3000);
                assertThat(old.closedByServer()).as("the replaced socket is closed").isTrue();
            }
            run.awaitDuringRounds(3, Duration.ofSeconds(30));
            run.finish(1);
        }
    }

    private static RawWs client(AttackRun run, String id, String token, int source) throws IOException {
        RawWs ws = RawWs.open(SignalingTarget.HOST, run.target.port(), RawWs.peerjs(id, token),
                SignalingTarget.source(source), 5000);
        ws.readUntil("\"type\":\"OPEN\"");
        return ws;
    }

    /** Registers {@code id} once the server has released it (bounded polling). */
    private static RawWs awaitClaim(AttackRun run, String id, String token, int source) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            RawWs ws = RawWs.open(SignalingTarget.HOST, run.target.port(), RawWs.peerjs(id, token),
                    SignalingTarget.source(source), 5000);
            RawWs.Frame f = ws.read();
            if (f.text().contains("\"type\":\"OPEN\"")) {
                return ws;
            }
            ws.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " never came free: " + f);
            }
        }
    }

    /**
     * {@code from} sends {@code type} messages to Bob (a socket the server already closed just ends
     * the sending); returns what Bob received in the following second (an observation window: the
     * claim is that nothing arrives), then checks Bob is still served.
     */
    private static List<String> sendAndCollect(RawWs from, RawWs bob, String type) throws IOException {
        for (int i = 0; i < 5; i++) {
            try {
                from.text("{\"type\":\"" + type + "\",\"dst\":\"bob\",\"payload\":{\"forged\":" + i + "}}");
            } catch (IOException closed) {
                break;
            }
        }
        List<String> got = new ArrayList<>();
        bob.soTimeout(1000);
        try {
            while (true) {
                got.add(bob.read().toString());
            }
        } catch (SocketTimeoutException windowOver) {
            // nothing more within the window
        }
        bob.soTimeout(5000);
        bob.text("{\"type\":\"CANDIDATE\",\"dst\":\"bob\",\"payload\":\"fence\"}");
        bob.readUntil("\"payload\":\"fence\"");
        return got;
    }
}
