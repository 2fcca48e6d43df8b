package io.meshkit.signaling.http;

import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.Repo;
import io.meshkit.testkit.attack.ProductionJvm;
import io.meshkit.testkit.attack.TargetProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The signaling server's real jar, attacked over plain HTTP on its main port: started with the
 * production JVM options ({@code docker/jvm}) and {@code --metrics true} (the counters are read
 * there), and the two legitimate clients the tests time: a PeerJS WebSocket that must get
 * {@code OPEN}, and {@code GET /health}. Attackers use {@link #ATTACKER}, another source than the
 * legitimate clients' 127.0.0.1 (Linux routes all of 127/8 to lo), so per-source limits on the
 * attacker do not count against them. {@code -Dmeshkit.attack.signalingJar=PATH} attacks another
 * build.
 */
final class HttpTarget {
    static final String HOST = "127.0.0.1";
    static final InetAddress ATTACKER = address(127, 0, 0, 3);
    private static final AtomicInteger LEGIT = new AtomicInteger();
    private static final HttpClient WS = HttpClient.newHttpClient();

    private HttpTarget() {}

    static Path jar() {
        return TargetProcess.jar(Repo.root().resolve("signaling-server/target/signaling-server.jar"),
                "meshkit.attack.signalingJar");
    }

    static TargetProcess start(String name) {
        int port = PeerServers.freeTcpPort();
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--host", HOST, "--metrics",
                "true"));
        return TargetProcess.startJar(name, jar(), ProductionJvm.flags("signaling-server"), args, HOST, port,
                Duration.ofSeconds(60));
    }

    static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A PeerJS client registers a fresh ID and must be told {@code OPEN}. */
    static void webSocketOpen(TargetProcess target, Duration timeout) throws Exception {
        String id = "legit" + ProcessHandle.current().pid() + "x" + LEGIT.incrementAndGet();
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws = WS.newWebSocketBuilder().connectTimeout(timeout)
                .buildAsync(URI.create("ws://" + HOST + ":" + target.port() + "/peerjs?key=peerjs&id=" + id
                        + "&token=t"), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                first.complete(data.toString());
                                return null;
                            }
                        })
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            String message = first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!message.contains("\"type\":\"OPEN\"")) {
                throw new IllegalStateException("expected OPEN, got " + message);
            }
        } finally {
            ws.abort();
        }
    }

    /** {@code GET /health} over a new connection. */
    static void health(TargetProcess target, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, target.port()), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.getInputStream().transferTo(out);
            String response = out.toString(StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("GET /health: " + response.lines().findFirst().orElse("(nothing)"));
            }
        }
    }
}
