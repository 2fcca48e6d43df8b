package io.meshkit.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshkit.testkit.MeshClientProcess;
import io.meshkit.testkit.PeerServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client as a bot operator runs it, against our signaling server, which then goes away for longer than PeerJS's
 * 8 reconnects (about 40 s) and comes back: one {@code fault} naming the real cause, retries all along, one
 * {@code recovered}, and the node keeps working ({@code status}, clean {@code quit}).
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
            client.await("recovered", before, e -> true, Duration.ofSeconds(40));
            System.out.printf("signaling outage: recovered %d ms after the server was back%n",
                    (System.nanoTime() - back) / 1_000_000);
            int n = client.events().size();
            client.command("{\"cmd\":\"status\"}");
            assertThat(client.await("status", n, e -> true, Duration.ofSeconds(10)).path("namespace").asText())
                    .isNotEmpty();
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
