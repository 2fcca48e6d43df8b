package io.meshkit.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.attack.Dripper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One source opens 50 connections to the signaling server's public port and sends each an HTTP
 * request one byte a second. This held before: the main port's idle timer sits after the request
 * decoder, so bytes of an unfinished request never reset it and each connection ended after 5 s
 * (silently). Kept as a regression test of that, now with the reason counted and logged
 * ({@code message_timeout}; the ops ports, whose timer used to sit before the decoder, were held:
 * the STUN tests cover the shared ops server).
 */
@Timeout(180)
class HttpSlowDripAttackIT {
    /** Longer than the 10 s request deadline. */
    static final Duration ATTACK = Duration.ofSeconds(13);

    @Test
    void dripHoldsNoConnectionPastTheRequestDeadline() throws Exception {
        try (HttpAttackRun run = new HttpAttackRun("signaling-http-slow-drip")) {
            run.counter("signaling http rejected{reason=message_timeout}",
                    m -> m.count("meshkit_signaling_http_rejected_total", "reason", "message_timeout"));
            run.during();
            byte[] request = "GET /peerjs/id HTTP/1.1\r\nHost: x\r\nX-Pad: ".repeat(4).getBytes(StandardCharsets.US_ASCII);
            long ended;
            try (Dripper attacker = new Dripper(HttpTarget.ATTACKER, HttpTarget.HOST, run.target.port(), request, 50,
                    Duration.ofSeconds(1), ATTACK)) {
                run.awaitDuringRounds(20, ATTACK.plusSeconds(30));
                attacker.join(ATTACK.plusSeconds(10));
                System.out.println("[attack] signaling-http-slow-drip: " + attacker.opened.get()
                        + " connections accepted, " + attacker.ended.get() + " ended by the server, "
                        + attacker.alive.get() + " alive at the end");
                ended = attacker.ended.get();
            }
            run.finish(Duration.ofSeconds(2), 1);
            assertThat(ended).as("dripping connections the server ended").isGreaterThanOrEqualTo(50);
        }
    }
}
