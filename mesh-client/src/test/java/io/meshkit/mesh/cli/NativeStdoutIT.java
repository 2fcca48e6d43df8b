package io.meshkit.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A program driving {@code --json} must see only JSON lines on stdout, although libwebrtc prints
 * {@code VM attach current thread failed} to stdout from a native thread while the process exits.
 */
class NativeStdoutIT {

  private static String stdoutOf(String... args) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        NativeStdoutProbe.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(new File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out;
  }

  @Test
  void shouldLeaveOnlyJsonLinesOnStdoutAfterTheLastEvent() throws Exception {
    assertThat(stdoutOf().split("\n")).containsExactly("{\"event\":\"stopped\"}");
  }

  @Test
  void shouldSeeTheNativeLineWithoutTheGuard() throws Exception {
    // The control: without silencing, libwebrtc's exit-time line does reach stdout (so the test above can fail).
    assertThat(stdoutOf("--leave-stdout")).contains("{\"event\":\"stopped\"}").contains("VM attach current thread failed");
  }
}
