package io.meshkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.ManagedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shaded jar as bench/run runs it: {@code --version} from its manifest, status 2 for a bad command line. */
class JarCommandLineIT {
    private static final Path JAR = Path.of("target", "bench.jar");

    private static ManagedProcess.Finished run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return ManagedProcess.run("bench-cli", cmd, Duration.ofSeconds(60));
    }

    @Test
    void shouldPrintTheProjectVersion() {
        ManagedProcess.Finished r = run("--version");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().strip()).isEqualTo(System.getProperty("meshkit.version")).isNotBlank();
    }

    @Test
    void shouldExitWithStatusTwoOnABadCommandLine() {
        for (List<String> bad : List.of(List.<String>of(), List.of("nonsense"), List.of("relay", "--pairs", "many"),
                List.of("relay", "--pairs"))) {
            ManagedProcess.Finished r = run(bad.toArray(String[]::new));
            assertThat(r.exitCode()).as("%s: %s", bad, r.output()).isEqualTo(2);
            assertThat(r.output()).as("%s", bad).contains("usage: bench.jar").doesNotContain("Exception");
        }
    }
}
