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
        Path out = dir.resolve("docs/BENCHMARKS.md");
        Report.run(new Args(new String[] {"report", "--results", dir.toString(), "--out", out.toString(),
                "--findings", dir.resolve("none.md").toString()}, 1));
        return Files.readString(out);
    }

    private void result(String name, String body) throws IOException {
        Files.writeString(dir.resolve(name + ".properties"), body);
    }

    @Test
    void shouldCompareRelaysPerServerCpuSecondAgainstTheTwoTimesTarget() throws IOException {
        result("relay-reference-java-pingpong-realistic",
                "relays_per_s=40000\nrelays_per_cpu_s=40000\nuser_us_per_relay=13.0\nothers_cpu_pct=1\n");
        result("relay-meshkit-java-pingpong-realistic",
                "relays_per_s=40000\nrelays_per_cpu_s=100000\nuser_us_per_relay=2.5\nothers_cpu_pct=1\n");
        result("relay-reference-node-pingpong-realistic", "relays_per_s=30000\nrelays_per_cpu_s=30000\n");
        result("relay-meshkit-node-pingpong-realistic", "relays_per_s=30000\nrelays_per_cpu_s=45000\n");

        String md = generate();

        assertThat(md.indexOf("| java | realistic | mesh-kit (ours) |")).isPositive()
                .isLessThan(md.indexOf("| java | realistic | peerjs-server 1.0.2 (reference) |"));
        assertThat(md)
                .contains("| Relays per server CPU-second, realistic payloads (`java` generator) | 100,000 | 40,000 | "
                        + "2.50× | ≥ 2× | **met** |")
                .contains("| Relays per server CPU-second, realistic payloads (`node` generator) | 45,000 | 30,000 | "
                        + "1.50× | ≥ 2× | not met |")
                .contains("| User CPU per relay, ours, realistic payloads (`java` generator) | 2.50 µs | 13.00 µs | – | "
                        + "≤ 3 µs | **met** |")
                .doesNotContain("busy machine");
    }

    @Test
    void shouldPlotOpenLoopLatencyAndJudgeTheP99AtSeventyFivePercent() throws IOException {
        for (String pct : new String[] {"25", "50", "75", "100"}) {
            double rate = 400 * Double.parseDouble(pct);
            result("relay-reference-java-open-" + pct, "offered_per_s=" + rate + "\np50_ms=2.0\np99_ms=" + (pct.equals("75") ? 9.0 : 5.0)
                    + "\np999_ms=20\nserver_cpu_pct=50\n");
            result("relay-meshkit-java-open-" + pct, "offered_per_s=" + rate + "\np50_ms=0.5\np99_ms=" + (pct.equals("75") ? 3.0 : 1.0)
                    + "\np999_ms=4\nserver_cpu_pct=20\n");
        }

        String md = generate();

        assertThat(md).contains("| Open-loop p99 at 75% of the reference's maximum (`java` generator) | 3.00 ms | 9.00 ms | "
                + "3.00× | below the reference's | **met** |")
                .contains("![relay-latency-java.svg](benchmarks/relay-latency-java.svg)");
        String svg = Files.readString(dir.resolve("docs/benchmarks/relay-latency-java.svg"));
        assertThat(svg).startsWith("<svg").contains("ours p99").contains("reference p50").contains("<polyline");
    }

    @Test
    void shouldWarnThatFiguresFromABusyMachineAreNotResults() throws IOException {
        result("stun-meshkit-node", "answered_per_s=150000\nserver_cpu_pct=90\nserver_rss_mib=40\nserver_hwm_mib=50\n"
                + "others_cpu_pct=85\n");
        result("stun-reference-node", "answered_per_s=100000\nserver_cpu_pct=95\nothers_cpu_pct=80\n");

        String md = generate();

        assertThat(md).contains("**Measured on a busy machine: these figures are not results.**")
                .contains("| STUN answered/s, independent (`node`) generator | 150,000 | 100,000 | 1.50× | ≥ 1.5× coturn | **met** |")
                .contains("| STUN server RSS at full load (peak VmHWM 50.0 MiB) | 40.0 MiB |");
    }

    @Test
    void shouldSayWhatIsMissingInsteadOfInventingFigures() throws IOException {
        String md = generate();

        assertThat(md).contains("(no figures yet: run `bench/run all`)").contains("(not run yet)")
                .contains("(not run yet: `bench/run mesh`)").doesNotContain("met**");
    }

    @Test
    void shouldPickRoundAxisTicks() {
        assertThat(Chart.ticks(0, 38_000)).containsExactly(0, 10_000, 20_000, 30_000, 40_000);
        assertThat(Chart.ticks(0, 1)).containsExactly(0, 0.2, 0.4, 0.6000000000000001, 0.8, 1);
    }
}
