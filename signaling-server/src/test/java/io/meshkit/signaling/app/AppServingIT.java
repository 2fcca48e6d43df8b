package io.meshkit.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.LauncherDefaults;
import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.Repo;
import io.meshkit.testkit.lab.Await;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded jar as shipped (the app read from inside it), with the production JVM options, serving the app at
 * {@code /app/} beside the PeerJS routes and the WebSocket on one port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AppServingIT {
    private ManagedProcess server;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build(); // browsers never ask for h2c

    @BeforeAll
    void start() {
        Path jar = Repo.root().resolve("signaling-server/target/signaling-server.jar");
        int port = PeerServers.freeTcpPort();
        List<String> cmd = new ArrayList<>(LauncherDefaults.javaJar("signaling-server", jar, List.of()));
        cmd.addAll(List.of("--port", Integer.toString(port), "--host", "127.0.0.1", "--app_path", "/app/",
                "--app_stun", "stun:{host}:3478"));
        server = ManagedProcess.start("signaling-app", cmd).awaitTcp("127.0.0.1", port, Duration.ofSeconds(60));
        base = "http://127.0.0.1:" + port;
        Await.until(() -> server.output().contains("Serving the browser app at /app/"), Duration.ofSeconds(10),
                server::output);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesTheAppFromInsideTheJarWithItsHeaders() throws Exception {
        HttpResponse<byte[]> index = get("/app/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(new String(index.body())).contains("<title>Mesh</title>");
        assertThat(index.headers().firstValue("Content-Security-Policy")).isPresent();
        HttpResponse<byte[]> again = get("/app/", "If-None-Match", index.headers().firstValue("ETag").orElseThrow());
        assertThat(again.statusCode()).isEqualTo(304);

        HttpResponse<byte[]> peerjs = get("/app/vendor/peerjs-1.5.5.min.js", "Accept-Encoding", "gzip");
        assertThat(peerjs.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(peerjs.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(peerjs.body()));
             InputStream packaged = getClass().getClassLoader()
                     .getResourceAsStream(AppFiles.ROOT + "vendor/peerjs-1.5.5.min.js")) {
            assertThat(in.readAllBytes()).isEqualTo(packaged.readAllBytes());
        }

        HttpResponse<byte[]> config = get("/app/config.json");
        assertThat(new String(config.body())).contains("\"ipEcho\":\"/ip\"").contains("\"stun\":[\"stun:{host}:3478\"]")
                .contains("\"path\":\"/\"").contains("\"key\":\"peerjs\"");
        assertThat(config.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(get("/app/sw.js").headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(get("/app/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void keepsThePeerJsRoutesAndTheWebSocketOnTheSamePort() throws Exception {
        assertThat(get("/peerjs/id").statusCode()).isEqualTo(200);
        assertThat(new String(get("/ip").body())).isEqualTo("127.0.0.1");
        assertThat(get("/health").statusCode()).isEqualTo(200);
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(
                URI.create("ws://" + base.substring("http://".length()) + "/peerjs?key=peerjs&id=app-it-1&token=t1"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"OPEN\"}");
        ws.abort();
    }
}
