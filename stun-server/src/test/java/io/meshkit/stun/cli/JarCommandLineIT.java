package io.meshkit.stun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.ManagedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shaded jar as users run it: {@code --version} from its manifest, status 2 for a bad command line. */
class JarCommandLineIT {
    private static final Path JAR = Path.of("target", "stun-server.jar");

    private static ManagedProcess.Finished run(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return ManagedProcess.run("stun-cli", cmd, Duration.ofSeconds(60));
    }

    @Test
    void shouldPrintTheProjectVersion() {
        ManagedProcess.Finished r = run("--version");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().strip()).isEqualTo(System.getProperty("meshkit.version")).isNotBlank();
    }

    @Test
    void shouldExitWithStatusTwoOnABadCommandLine() {
        ManagedProcess.Finished r = run("--no-such-flag");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("unknown flag: --no-such-flag");
    }
}
