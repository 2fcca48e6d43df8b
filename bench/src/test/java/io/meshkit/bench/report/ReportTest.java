package io.meshkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.bench.Args;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    private String generate() throws IOException {
        Path out = dir.resolve("BENCHMARKS.md");
        Report.run(new Args(new String[] {"report", "--results", dir.toString(), "--out", out.toString(),
                "--findings", dir.resolve("none.md").toString()}, 1));
        return Files.readString(out);
    }

    @Test
    void shouldPutOursFirstAndStateTheRatioAgainstTheGoal() throws IOException {
        Files.writeString(dir.resolve("relay-reference.properties"),
                "label=peerjs-server 1.0.2 (reference)\npairs=1000\nrelays_per_s=50000.0\np99_ms=43.0\nserver_cpu_pct=100.0\n");
        Files.writeString(dir.resolve("relay-meshkit.properties"),
                "label=mesh-kit (ours)\npairs=1000\nrelays_per_s=300000.0\np99_ms=10.0\nserver_cpu_pct=50.0\n");

        String md = generate();

        assertThat(md.indexOf("| mesh-kit (ours) |")).isPositive().isLessThan(md.indexOf("| peerjs-server 1.0.2"));
        assertThat(md).contains("| 300,000 |")
                .contains("relays/s: ours 300,000, reference 50,000 → ratio **6.00×** (goal ≥ 5×): met.")
                .contains("ratio **4.30×** (goal ≥ 1×): met.")
                // per second of server CPU: 600,000 against 50,000
                .contains("ours 600,000, reference 50,000 → ratio **12.00×** (goal ≥ 5×): met.");
    }

    @Test
    void shouldInvertTheRatioWhenLowerIsBetterAndSayWhenAGoalIsMissed() throws IOException {
        Files.writeString(dir.resolve("connections-reference.properties"), "rss_per_conn_kib=16.0\n");
        Files.writeString(dir.resolve("connections-meshkit.properties"), "rss_per_conn_kib=4.0\n");

        assertThat(generate()).contains("ratio **4.00×** (goal ≥ 10×): not met.");
    }

    @Test
    void shouldSayWhatIsMissingInsteadOfInventingFigures() throws IOException {
        Files.writeString(dir.resolve("stun-reference.properties"), "answered_per_s=200000.0\n");

        String md = generate();

        assertThat(md).contains("answered requests/s: ratio not available (both systems must have run).")
                .contains("(not run yet)")
                .contains("no `bench/results/mesh.md`");
    }
}
