package io.meshkit.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.attack.Pipeliner;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One TCP connection to the signaling server's public port pipelines 45,000 {@code GET /metrics}
 * (served there with {@code --metrics true}) and never reads. Before the fix, with a 384 MiB heap:
 * RSS 83 → 654 MB, the only event loop stuck waiting for direct memory, {@code /health} and new
 * WebSockets timed out for ~50 s after the attacker left, SIGTERM ignored. Then SIGTERM must end
 * the process promptly while such an attack runs.
 */
@Timeout(180)
class HttpPipelineAttackIT {
    static final Duration ATTACK = Duration.ofSeconds(6);

    @Test
    void pipelinedMetricsFromAClientThatNeverReads() throws Exception {
        try (HttpAttackRun run = new HttpAttackRun("signaling-http-pipeline")) {
            run.counter("signaling http rejected{reason=pipeline_limit}",
                    m -> m.count("meshkit_signaling_http_rejected_total", "reason", "pipeline_limit"));
            run.during();
            try (Pipeliner attacker = new Pipeliner(HttpTarget.ATTACKER, HttpTarget.HOST, run.target.port(),
                    "/metrics", 45_000, ATTACK)) {
                run.awaitDuringRounds(5, ATTACK.plusSeconds(30));
                attacker.join(ATTACK.plusSeconds(10));
                System.out.println("[attack] signaling-http-pipeline: " + attacker.requestsWritten.get()
                        + " requests on " + attacker.connections.get() + " connections");
            }
            run.finish(Duration.ofSeconds(2), 1);

            // SIGTERM while an attacker is at it again: the process ends within seconds (no drain
            // delay by default; open WebSockets get 2 s to answer the restart close).
            try (Pipeliner again = new Pipeliner(HttpTarget.ATTACKER, HttpTarget.HOST, run.target.port(),
                    "/metrics", 45_000, Duration.ofSeconds(30))) {
                Thread.sleep(1000); // let the attack get going; nothing to synchronise with
                ProcessHandle handle = ProcessHandle.of(run.target.pid()).orElseThrow();
                long start = System.nanoTime();
                handle.destroy();
                Optional<ProcessHandle> exited = Optional.ofNullable(
                        handle.onExit().completeOnTimeout(null, 8, TimeUnit.SECONDS).get(15, TimeUnit.SECONDS));
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.println("[attack] signaling-http-pipeline: SIGTERM to exit "
                        + (exited.isPresent() ? millis + " ms" : "> 8000 ms"));
                assertThat(exited).as("exit within 8 s of SIGTERM under attack; output:\n%s", run.tail()).isPresent();
            }
        }
    }
}
