package io.meshkit.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.ManagedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as users run it, for both of its programs (the client and the simulator's
 * {@code SimMain}): {@code --version} from the manifest, status 2 for a bad command line.
 */
class JarCommandLineIT {
    private static final Path JAR = Path.of("target", "mesh-client.jar");

    private static ManagedProcess.Finished run(List<String> program, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ManagedProcess.javaExecutable()));
        cmd.addAll(program);
        cmd.addAll(List.of(args));
        return ManagedProcess.run("mesh-client-cli", cmd, Duration.ofSeconds(60));
    }

    private static final List<String> CLIENT = List.of("-jar", JAR.toString());
    private static final List<String> SIMULATOR = List.of("-cp", JAR.toString(), "io.meshkit.mesh.sim.SimMain");

    @Test
    void shouldPrintTheProjectVersion() {
        for (List<String> program : List.of(CLIENT, SIMULATOR)) {
            ManagedProcess.Finished r = run(program, "--version");
            assertThat(r.exitCode()).as("%s: %s", program, r.output()).isZero();
            assertThat(r.output().strip()).as("%s", program).isEqualTo(System.getProperty("meshkit.version")).isNotBlank();
        }
    }

    @Test
    void shouldExitWithStatusTwoOnABadCommandLine() {
        ManagedProcess.Finished client = run(CLIENT, "--no-such-flag");
        assertThat(client.exitCode()).as(client.output()).isEqualTo(2);
        ManagedProcess.Finished sim = run(SIMULATOR, "many");
        assertThat(sim.exitCode()).as(sim.output()).isEqualTo(2);
        assertThat(sim.output()).contains("'many'").doesNotContain("Exception");
    }

    @Test
    void shouldLoadSqliteFromTheShadedJar(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // The jar keeps sqlite-jdbc's native library for linux-x86_64 only: it must still load here.
        Path check = java.nio.file.Files.writeString(dir.resolve("SqliteCheck.java"), String.join("\n",
                "public class SqliteCheck {",
                "  public static void main(String[] a) throws Exception {",
                "    try (var c = java.sql.DriverManager.getConnection(\"jdbc:sqlite::memory:\"); var s = c.createStatement()) {",
                "      s.execute(\"create table t(x)\"); s.execute(\"insert into t values (42)\");",
                "      var r = s.executeQuery(\"select x from t\"); r.next(); System.out.println(\"sqlite \" + r.getInt(1));",
                "    }",
                "  }",
                "}"));
        ManagedProcess.Finished r = run(List.of("-cp", JAR.toString(), check.toString()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("sqlite 42");
    }
}
