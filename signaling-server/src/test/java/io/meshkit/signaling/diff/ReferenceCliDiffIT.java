package io.meshkit.signaling.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.PeerServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line itself: the same argv and environment, the same outcome (exit, or serving on the port). */
class ReferenceCliDiffIT {

    record Outcome(String what) {}

    private static Outcome run(PeerServers.Kind kind, List<String> args, Map<String, String> env, int port,
                               String expectInOutput) throws Exception {
        List<String> cmd = new ArrayList<>(PeerServers.command(kind));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("PORT");
        pb.environment().remove("PEERSERVER_PATH");
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    return new Outcome("exit " + p.exitValue() + (out.contains(expectInOutput) ? " with the expected message" : " saying: " + out));
                }
                if (port > 0 && listening(port)) {
                    return new Outcome("listening on the port");
                }
            }
            return new Outcome("neither exited nor listened");
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 100);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void same(String name, List<String> args, Map<String, String> env, int port, String expect,
                             String expectedOutcome) throws Exception {
        Outcome ref = run(PeerServers.Kind.REFERENCE, args, env, port, expect);
        Outcome ours = run(PeerServers.Kind.MESHKIT, args, env, port, expect);
        assertThat(ref.what()).as("%s on the reference", name).isEqualTo(expectedOutcome);
        assertThat(ours.what()).as("%s: ours vs the reference", name).isEqualTo(ref.what());
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "diff-scenarios.txt"),
                    "cli | " + name + " | identical (" + ref.what() + ")\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // summary only
        }
    }

    @Test
    void missingPortExitsWithTheSameError() throws Exception {
        same("no --port and no PORT", List.of(), Map.of(), 0, "Missing required argument: port",
                "exit 1 with the expected message");
    }

    @Test
    void portFromEnvironment() throws Exception {
        int port = PeerServers.freeTcpPort();
        same("PORT env instead of --port", List.of(), Map.of("PORT", Integer.toString(port)), port, "",
                "listening on the port");
    }

    @Test
    void shortAndInlinePortForms() throws Exception {
        int p1 = PeerServers.freeTcpPort();
        same("-p N", List.of("-p", Integer.toString(p1)), Map.of(), p1, "", "listening on the port");
        int p2 = PeerServers.freeTcpPort();
        same("--port=N with --host 127.0.0.1", List.of("--port=" + p2, "--host", "127.0.0.1"), Map.of(), p2, "",
                "listening on the port");
    }

    @Test
    void sslKeyWithoutCertRefusesToStart() throws Exception {
        same("--sslkey without --sslcert", List.of("--port", Integer.toString(PeerServers.freeTcpPort()), "--sslkey",
                "/nonexistent.pem"), Map.of(), 0,
                "Warning: PeerServer will not run because either the key or the certificate has not been provided.",
                "exit 1 with the expected message");
    }

}
