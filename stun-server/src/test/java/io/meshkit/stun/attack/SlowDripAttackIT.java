package io.meshkit.stun.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import io.meshkit.testkit.attack.Dripper;
import io.meshkit.testkit.attack.Pipeliner;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One source opens as many connections as the server has slots and feeds each an unfinished
 * message one byte a second: each byte resets an idle timer, so before the fix the slots stayed
 * taken (a legitimate TCP STUN client was refused) for as long as the attacker cared. Now one
 * source holds at most its share of the slots, and a message must be whole within its deadline
 * from its first byte, so the attacker's connections end and the legitimate client is served.
 */
@Timeout(180)
class SlowDripAttackIT {
    /** Longer than the 10 s HTTP request deadline, so every dripped connection meets it. */
    static final Duration ATTACK = Duration.ofSeconds(13);

    @Test
    void dripOnStunTcpHoldsNoSlotPastTheMessageDeadline() throws Exception {
        // 64 slots so that the attacker can try to take them all in a short test; one source may hold 32.
        try (StunAttackRun run = new StunAttackRun("stun-tcp-slow-drip", "--tcp-max-connections", "64")) {
            long ended;
            run.counter("stun tcp rejected: min of {reason=source_connection_limit}, {reason=message_timeout}",
                    m -> Math.min(m.count("meshkit_stun_tcp_rejected_total", "reason", "source_connection_limit"),
                            m.count("meshkit_stun_tcp_rejected_total", "reason", "message_timeout")));
            run.during();
            // A Binding request's header, one byte a second: never whole in 13 s.
            try (Dripper attacker = new Dripper(StunTarget.address(127, 0, 0, 1), StunTarget.HOST,
                    run.target.stunPort, StunTarget.bindingRequest(), 64, Duration.ofSeconds(1), ATTACK)) {
                run.awaitDuringRounds(20, ATTACK.plusSeconds(30));
                attacker.join(ATTACK.plusSeconds(10));
                ended = report("stun-tcp-slow-drip", attacker);
            }
            run.finish(StunAttackRun.MAX_RSS_MIB, Duration.ofSeconds(1), 1);
            // Ended by the deadline (5 s), replaced, ended again: none held throughout.
            assertThat(ended).as("dripping connections the server ended").isGreaterThanOrEqualTo(32);
        }
    }

    @Test
    void dripOnTheOpsPortHoldsNoConnectionPastTheRequestDeadline() throws Exception {
        try (StunAttackRun run = new StunAttackRun("stun-ops-slow-drip")) {
            long ended;
            run.counter("ops http rejected: min of {reason=source_connection_limit}, {reason=message_timeout}",
                    m -> Math.min(m.count("meshkit_ops_http_rejected_total", "reason", "source_connection_limit"),
                            m.count("meshkit_ops_http_rejected_total", "reason", "message_timeout")));
            run.during();
            byte[] request = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Pad: ".repeat(4).getBytes(StandardCharsets.US_ASCII);
            try (Dripper attacker = new Dripper(StunTarget.address(127, 0, 0, 1), StunTarget.HOST,
                    run.target.opsPort, request, 100, Duration.ofSeconds(1), ATTACK)) {
                run.awaitDuringRounds(20, ATTACK.plusSeconds(30));
                attacker.join(ATTACK.plusSeconds(10));
                ended = report("stun-ops-slow-drip", attacker);
            }
            run.finish(StunAttackRun.MAX_RSS_MIB, Duration.ofSeconds(1), 1);
            assertThat(ended).as("dripping connections the server ended").isGreaterThanOrEqualTo(16);
        }
    }

    private static long report(String name, Dripper d) {
        System.out.println("[attack] " + name + ": " + d.opened.get() + " connections accepted, " + d.ended.get()
                + " ended by the server, " + d.alive.get() + " alive at the end");
        return d.ended.get();
    }
}
