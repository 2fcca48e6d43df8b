package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.ops.netty.OutOfMemoryExit;
import io.meshkit.testkit.LauncherDefaults;
import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.Repo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher defaults ({@code docker/jvm/*.options}) as the images apply them: the real jars
 * started through {@code docker/java-entrypoint.sh} run with the sizes the files name, and a
 * signaling server whose direct memory runs out ends with status 3 instead of serving on crippled
 * ({@code -XX:+ExitOnOutOfMemoryError} alone does not see that error: it is thrown by Java code).
 */
class LauncherDefaultsIT {
    /** Generous: a JVM start takes seconds alone, a minute on a 2-core box busy with other builds. */
    private static final Duration STARTUP = Duration.ofSeconds(150);
    /** How long the exhausted server may take to end: the JDK retries a failed reservation for a while first. */
    private static final Duration EXIT = Duration.ofSeconds(90);
    private static final long MIB = 1024 * 1024;

    @Test
    void shouldRunBothServersWithTheShippedMemoryLimits() throws Exception {
        for (String server : List.of("signaling-server", "stun-server")) {
            Path jar = Podman.requireJar(server);
            int port = server.equals("stun-server") ? Ports.freeTcpAndUdp() : Ports.freeTcp();
            List<String> args = List.of("--host", "127.0.0.1", "--port", String.valueOf(port));
            try (ManagedProcess p = start(server, jar, "", args)) {
                p.awaitTcp("127.0.0.1", port, STARTUP);
                String flags = jcmd(p, "VM.flags");
                List<String> options = LauncherDefaults.jvmOptions(server);
                assertThat(flags).as("%s: %s", server, flags)
                        .contains("-XX:MaxHeapSize=" + megabytes(options, "-Xmx(\\d+)m") * MIB)
                        .contains("-XX:MaxDirectMemorySize=" + megabytes(options, "-XX:MaxDirectMemorySize=(\\d+)m") * MIB)
                        .contains("-XX:MaxMetaspaceSize=" + megabytes(options, "-XX:MaxMetaspaceSize=(\\d+)m") * MIB)
                        .contains("-XX:ReservedCodeCacheSize=" + megabytes(options, "-XX:ReservedCodeCacheSize=(\\d+)m") * MIB)
                        .contains("-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC");
                assertThat(jcmd(p, "VM.system_properties")).contains("io.netty.maxDirectMemory=0");
            }
        }
    }

    @Test
    void shouldLetJavaOptsOverrideTheDefaults() throws Exception {
        Path jar = Podman.requireJar("signaling-server");
        int port = Ports.freeTcp();
        try (ManagedProcess p = start("signaling-server", jar, "-Xmx100m",
                List.of("--host", "127.0.0.1", "--port", String.valueOf(port)))) {
            p.awaitTcp("127.0.0.1", port, STARTUP);
            assertThat(jcmd(p, "VM.flags")).contains("-XX:MaxHeapSize=" + 100 * MIB);
        }
    }

    @Test
    void shouldEndTheSignalingServerWhenFramesInFlightExhaustDirectMemory() throws Exception {
        // 4 MiB frames are allowed; each socket sends most of one and stops, so the server holds it.
        int port = Ports.freeTcp();
        try (ManagedProcess p = start("signaling-server", Podman.requireJar("signaling-server"),
                "-XX:MaxDirectMemorySize=24m", List.of("--host", "127.0.0.1", "--port", String.valueOf(port),
                        "--max_frame_bytes", String.valueOf(4 * MIB), "--rate_limit", "0"))) {
            p.awaitTcp("127.0.0.1", port, STARTUP);
            List<RawWebSocket> sockets = new ArrayList<>();
            Random random = new Random(11);
            try {
                for (int i = 0; i < 64 && p.process().isAlive(); i++) {
                    RawWebSocket ws;
                    try {
                        ws = RawWebSocket.open("127.0.0.1", port, "/peerjs?key=peerjs&id=big" + i + "&token=t" + i,
                                Duration.ofSeconds(10), random);
                        sockets.add(ws);
                        ws.sendIncompleteFrame(4 * MIB, (int) (4 * MIB) - 1024);
                    } catch (IOException serverGone) {
                        break;
                    }
                }
                assertEnded(p, "frames held in direct memory");
            } finally {
                for (RawWebSocket ws : sockets) {
                    ws.close();
                }
            }
        }
    }

    @Test
    void shouldEndTheSignalingServerWhenRequestBodiesExhaustDirectMemory() throws Exception {
        // 4 MiB request bodies are allowed; each connection sends most of one and stops.
        int port = Ports.freeTcp();
        try (ManagedProcess p = start("signaling-server", Podman.requireJar("signaling-server"),
                "-XX:MaxDirectMemorySize=24m", List.of("--host", "127.0.0.1", "--port", String.valueOf(port),
                        "--max_http_bytes", String.valueOf(4 * MIB)))) {
            p.awaitTcp("127.0.0.1", port, STARTUP);
            List<Socket> sockets = new ArrayList<>();
            try {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 64 && p.process().isAlive(); i++) {
                    Socket s = new Socket();
                    sockets.add(s);
                    try {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                        OutputStream out = s.getOutputStream();
                        out.write(("POST /peerjs/id HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: "
                                + 4 * MIB + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        // One chunk short of the announced length: the request never completes.
                        for (long sent = chunk.length; sent < 4 * MIB; sent += chunk.length) {
                            out.write(chunk);
                        }
                        out.flush();
                    } catch (IOException serverGone) {
                        break;
                    }
                }
                assertEnded(p, "request bodies held in direct memory");
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    private static void assertEnded(ManagedProcess p, String what) throws InterruptedException {
        boolean ended = p.process().waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(ended).as("the server ended after %s; it said:%n%s", what, p.output()).isTrue();
        assertThat(p.process().exitValue()).as(p.output()).isEqualTo(OutOfMemoryExit.STATUS);
        assertThat(p.output()).contains("Terminating due to java.lang.OutOfMemoryError")
                .contains("direct buffer memory");
    }

    private static long megabytes(List<String> options, String regex) {
        Pattern pattern = Pattern.compile(regex);
        long found = -1;
        for (String o : options) {
            Matcher m = pattern.matcher(o);
            if (m.matches()) {
                found = Long.parseLong(m.group(1));
            }
        }
        assertThat(found).as("%s in %s", regex, options).isPositive();
        return found;
    }

    private static String jcmd(ManagedProcess p, String command) throws Exception {
        Path jcmd = Path.of(ManagedProcess.javaExecutable()).resolveSibling("jcmd");
        Podman.Result r = Podman.run(List.of(jcmd.toString(), String.valueOf(p.process().pid()), command),
                Duration.ofSeconds(60));
        return r.requireSuccess("jcmd " + command).output();
    }

    /** The jar through the images' entry point, with the repository's launcher defaults. */
    private static ManagedProcess start(String server, Path jar, String javaOpts, List<String> args) {
        Path entry = Repo.root().resolve("docker/java-entrypoint.sh");
        // The entry point runs `java` from PATH, as in the image; here the JVM running the tests.
        String path = Path.of(ManagedProcess.javaExecutable()).getParent() + ":" + System.getenv("PATH");
        List<String> cmd = new ArrayList<>(List.of("env", "PATH=" + path, "JAVA_OPTS=" + javaOpts,
                "MESHKIT_SHOW_COMMAND=1", "bash", entry.toString(), jar.toString()));
        cmd.addAll(args);
        return ManagedProcess.start(server, cmd);
    }
}
