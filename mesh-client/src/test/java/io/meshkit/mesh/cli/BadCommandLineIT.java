package io.meshkit.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An invalid {@code --name} is refused at start, before discovery (the STUN server and the IP echo given here do not
 * exist, and the client never waits for them): exit status 2, a {@code fault} event as the only line on stdout in
 * {@code --json} mode, one line on stderr, no stack trace.
 */
class BadCommandLineIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int status, String stdout, String stderr, long millis) {}

    private static Run run(String... args) throws Exception {
        Path data = Files.createTempDirectory("meshkit-badflag");
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.meshkit.mesh.cli.Main", "--data-dir", data.toString(),
                "--signaling", "http://127.0.0.1:9/", "--stun", "stun:127.0.0.1:9", "--stun-timeout", "2s",
                "--ip-echo", "http://127.0.0.1:9/ip", "--http-timeout", "5s"));
        cmd.addAll(List.of(args));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (!exited) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        Run r = new Run(exited ? p.exitValue() : -1, new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8), millis);
        assertThat(exited).as("exited within 30 s; stdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr()).isTrue();
        return r;
    }

    private static CompletableFuture<byte[]> drain(java.io.InputStream in) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(in.readAllBytes());
            } catch (java.io.IOException e) {
                f.complete(new byte[0]);
            }
        }, "drain");
        t.setDaemon(true);
        t.start();
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"two\nlines", "", "x200", "bidi\u202Eeman", "zero\u200Bwidth"})
    void shouldRefuseAnInvalidNameAtStartWithAJsonFault(String name) throws Exception {
        String arg = name.equals("x200") ? "x".repeat(200) : name;
        Run r = run("--json", "--name", arg);
        assertThat(r.status()).as("exit status; stderr:\n" + r.stderr()).isEqualTo(2);
        String[] lines = r.stdout().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode fault = JSON.readTree(lines[0]);
        assertThat(fault.path("event").asText()).isEqualTo("fault");
        assertThat(fault.path("reason").asText()).isEqualTo("bad-flag");
        assertThat(fault.path("flag").asText()).isEqualTo("name");
        assertThat(fault.path("detail").asText()).startsWith("--name: name ");
        assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        // Refused before discovery: a STUN query alone would take 2 + 4 + 8 s against nothing.
        assertThat(r.millis()).isLessThan(10_000);
        System.out.printf("bad --name refused in %d ms: %s%n", r.millis(), fault.path("detail").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bidi\u202Eeman"})
    void shouldSayWhatIsWrongOnStderrWithoutJson(String name) throws Exception {
        Run r = run("--name", name);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr().strip()).isEqualTo("mesh-client: --name: name contains a bidirectional control character "
                + "(U+202E) at position 5 (--help lists the flags)");
    }
}
