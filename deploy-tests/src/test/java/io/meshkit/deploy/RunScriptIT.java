package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.LauncherDefaults;
import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.Repo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code ./run.sh}, with its output going to a file (not a terminal):
 * it prints the java command lines it really runs, with the launcher defaults, and no escape codes.
 */
class RunScriptIT {
    @Test
    void shouldPrintTheCommandsItRunsWithoutEscapeCodes() {
        Podman.requireJar("signaling-server");
        Podman.requireJar("stun-server");
        int signaling = Ports.freeTcp();
        int stun = Ports.freeTcpAndUdp();
        String path = java.nio.file.Path.of(ManagedProcess.javaExecutable()).getParent() + ":" + System.getenv("PATH");
        try (ManagedProcess run = ManagedProcess.start("run.sh", List.of("env", "PATH=" + path, "MESHKIT_NO_BUILD=1",
                "SIGNALING_ARGS=--port " + signaling + " --host 127.0.0.1",
                "STUN_ARGS=--host 127.0.0.1 --port " + stun, "bash", Repo.root().resolve("run.sh").toString()))) {
            run.awaitTcp("127.0.0.1", signaling, Duration.ofSeconds(150));
            run.awaitTcp("127.0.0.1", stun, Duration.ofSeconds(150));
            String out = run.output();
            String sig = line(out, "-jar signaling-server/target/signaling-server.jar");
            assertThat(sig).startsWith("meshkit: java ").endsWith("--port " + signaling + " --host 127.0.0.1");
            assertThat(sig).contains(LauncherDefaults.jvmOptions("signaling-server"));
            String st = line(out, "-jar stun-server/target/stun-server.jar");
            assertThat(st).endsWith("--host 127.0.0.1 --port " + stun).contains(LauncherDefaults.jvmOptions("stun-server"));
            assertThat(out).as("no ANSI escape codes in plain logs").doesNotContain("\u001b");
        }
    }

    private static String line(String output, String containing) {
        return output.lines().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + containing + "' in:\n" + output)).strip();
    }
}
