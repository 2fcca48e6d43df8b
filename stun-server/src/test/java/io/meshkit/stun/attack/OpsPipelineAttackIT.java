package io.meshkit.stun.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.attack.Dripper;
import io.meshkit.testkit.attack.Pipeliner;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One client pipelines 45,000 {@code GET /metrics} on the STUN server's ops port over one TCP
 * connection and never reads. Without back-pressure the server renders every answer (tens of KiB
 * each) into memory the client never takes: before the fix, with a 384 MiB heap, RSS went
 * 101 → 731 MB in 10 s and the ops port answered nothing for 30 s after the attacker left; with the
 * production options, RSS 166 MiB within the 6 s attack and 4 of 5 {@code /health} probes timed out.
 * Then SIGTERM must end the process promptly while such an attack runs.
 */
@Timeout(180)
class OpsPipelineAttackIT {
    static final Duration ATTACK = Duration.ofSeconds(6);

    @Test
    void pipelinedMetricsFromAClientThatNeverReads() throws Exception {
        try (StunAttackRun run = new StunAttackRun("stun-ops-pipeline")) {
            run.counter("ops http rejected{reason=pipeline_limit}",
                    m -> m.count("meshkit_ops_http_rejected_total", "reason", "pipeline_limit"));
            run.during();
            try (Pipeliner attacker = new Pipeliner(StunTarget.address(127, 0, 0, 1), StunTarget.HOST,
                    run.target.opsPort, "/metrics", 45_000, ATTACK)) {
                run.awaitDuringRounds(5, ATTACK.plusSeconds(30));
                attacker.join(ATTACK.plusSeconds(10));
                System.out.println("[attack] stun-ops-pipeline: " + attacker.requestsWritten.get() + " requests on "
                        + attacker.connections.get() + " connections");
            }
            run.finish(StunAttackRun.MAX_RSS_MIB, Duration.ofSeconds(1), 1);

            // SIGTERM while an attacker is at it again: the process ends within seconds.
            try (Pipeliner again = new Pipeliner(StunTarget.address(127, 0, 0, 1), StunTarget.HOST,
                    run.target.opsPort, "/metrics", 45_000, Duration.ofSeconds(30))) {
                Thread.sleep(1000); // let the attack get going; nothing to synchronise with
                ProcessHandle handle = ProcessHandle.of(run.target.process.pid()).orElseThrow();
                long start = System.nanoTime();
                handle.destroy();
                Optional<ProcessHandle> exited = Optional.ofNullable(
                        handle.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.println("[attack] stun-ops-pipeline: SIGTERM to exit " + (exited.isPresent() ? millis + " ms"
                        : "> 5000 ms"));
                assertThat(exited).as("exit within 5 s of SIGTERM under attack; output:\n%s", run.tail()).isPresent();
            }
        }
    }
}
