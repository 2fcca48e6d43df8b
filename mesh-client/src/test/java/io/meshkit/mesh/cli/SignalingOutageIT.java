package io.meshkit.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import io.meshkit.mesh.webrtc.PeerJsPeer;
import io.meshkit.testkit.MeshClientProcess;
import io.meshkit.testkit.PeerServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client as a bot operator runs it, against our signaling server, which then goes away for longer than PeerJS's
 * 8 reconnects (about 40 s) and comes back with a squatter on our Transport ID: one {@code fault} naming the real
 * cause, retries all along, one {@code recovered}, a new Transport ID ({@code transport}), and the node keeps working
 * ({@code status}, clean {@code quit}).
 */
class SignalingOutageIT {
    @Test
    void shouldReportTheOutageWithItsCauseKeepRetryingAndRecover() throws Exception {
        int port = PeerServers.freeTcpPort();
        List<String> serverArgs = List.of("--port", Integer.toString(port));
        Path data = Files.createTempDirectory("meshkit-outage");
        PeerServers.Running server = PeerServers.start(PeerServers.Kind.MESHKIT, port, serverArgs);
        try (MeshClientProcess client = MeshClientProcess.start("outage", List.of("--json", "--name", "outage-bot",
                "--data-dir", data.toString(), "--signaling", "http://127.0.0.1:" + port + "/", "--no-stun"))) {
            client.await("role", Duration.ofSeconds(60));
            String transportId = client.await("ready", Duration.ofSeconds(5)).path("transportId").asText();

            long down = System.nanoTime();
            server.close();
            JsonNode fault = client.await("fault", 0, e -> "signaling-unreachable".equals(e.path("reason").asText()),
                    Duration.ofSeconds(20));
            System.out.printf("signaling outage: fault %d ms after the server stopped%n",
                    (System.nanoTime() - down) / 1_000_000);
            assertThat(fault.path("detail").asText()).isEqualTo("cannot connect: connection refused (127.0.0.1:" + port + ")");
            assertThat(fault.path("retrying").asBoolean()).isTrue();
            assertThat(client.tail()).doesNotContain("ClosedChannelException");

            // Longer than PeerJS's whole reconnect budget (0.5 + 1 + 2 + 4 + 8 * 4 s): the old client had given up.
            int before = client.events().size();
            awaitLogLine(client, "reconnect 9 ", Duration.ofSeconds(120));
            assertThat(client.events()).as("one fault per outage").hasSize(before);

            server = PeerServers.start(PeerServers.Kind.MESHKIT, port, serverArgs);
            long back = System.nanoTime();
            // A squatter registers our Transport ID on the restarted server before we are back.
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            CompletableFuture<Void> squatted = new CompletableFuture<>();
            try (PeerJsPeer squatter = new PeerJsPeer(HttpClient.newHttpClient(), timer,
                    SignalingEndpoint.parse("http://127.0.0.1:" + port + "/", "peerjs"), transportId, List.of(),
                    SignalingClient.Settings.DEFAULTS, new PeerJsPeer.Listener() {
                        @Override
                        public void onOpen(PeerJsPeer peer) {
                            squatted.complete(null);
                        }
                    })) {
                squatted.get(10, TimeUnit.SECONDS);
                client.await("recovered", before, e -> true, Duration.ofSeconds(40));
                System.out.printf("signaling outage: recovered %d ms after the server was back%n",
                        (System.nanoTime() - back) / 1_000_000);
                JsonNode moved = client.await("transport", before, e -> true, Duration.ofSeconds(40));
                assertThat(moved.path("previous").asText()).isEqualTo(transportId);
                assertThat(moved.path("reason").asText()).isEqualTo("taken");
                assertThat(moved.path("transportId").asText()).startsWith("mesh-").isNotEqualTo(transportId);
                System.out.printf("signaling outage: new Transport ID %d ms after the server was back%n",
                        (System.nanoTime() - back) / 1_000_000);
            } finally {
                timer.shutdownNow();
            }
            int n = client.events().size();
            client.command("{\"cmd\":\"status\"}");
            JsonNode status = client.await("status", n, e -> true, Duration.ofSeconds(10));
            assertThat(status.path("namespace").asText()).isNotEmpty();
            assertThat(status.path("transportId").asText()).isNotEqualTo(transportId);
            client.command("{\"cmd\":\"quit\"}");
            client.await("stopped", Duration.ofSeconds(20));
            assertThat(client.awaitExit(Duration.ofSeconds(20))).isZero();
        } finally {
            server.close();
        }
    }

    private static void awaitLogLine(MeshClientProcess client, String text, Duration timeout) {
        io.meshkit.testkit.lab.Await.until(() -> client.process().output().contains(text), timeout, client::tail);
    }
}
