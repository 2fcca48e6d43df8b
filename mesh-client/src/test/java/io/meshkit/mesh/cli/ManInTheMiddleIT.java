package io.meshkit.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshkit.testkit.MeshClientProcess;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.lab.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two contacts whose signaling server turns hostile ({@link MitmSignaling}): it relays their data connections through
 * peers of its own, with its own DTLS certificates in the SDP each side gets. Both clients detect it in the handshake
 * ({@code handshake-failed}, the proof does not verify), neither takes the relay for an imposter or updates the
 * contact, and the message sent meanwhile is not delivered; once the server is honest again it is.
 */
class ManInTheMiddleIT {
  private static final Duration STEP = Duration.ofSeconds(60);

  @Test
  void shouldDetectARelayThatRewroteTheCertificatesOnBothSides() throws Exception {
    Path data = Files.createTempDirectory("meshkit-mitm");
    int proxyPort = PeerServers.freeTcpPort();
    try (PeerServers.Running server = PeerServers.start(PeerServers.Kind.MESHKIT, List.of());
         MitmSignaling mitm = new MitmSignaling(proxyPort, server.port());
         MeshClientProcess alice = client("alice", data, proxyPort, server.port());
         MeshClientProcess bob = client("bob", data, proxyPort, server.port())) {
      String aliceT = alice.await("ready", STEP).path("transportId").asText();
      String bobT = bob.await("ready", STEP).path("transportId").asText();
      String bobFp = bob.await("identity", STEP).path("fingerprint").asText();
      String aliceFp = alice.await("identity", STEP).path("fingerprint").asText();
      JsonNode lists = alice.await("contacts", 0, e -> e.path("strangers").size() == 1, STEP);
      alice.command("{\"cmd\":\"request\",\"discoveryId\":\"" + lists.path("strangers").get(0).path("discoveryId")
          .asText() + "\"}");
      JsonNode request = bob.await("request", STEP);
      bob.command("{\"cmd\":\"accept\",\"request\":" + request.path("request").asLong() + "}");
      alice.await("contact-added", STEP);
      bob.await("contact-added", STEP);
      JsonNode before = alice.await("contacts", 0, e -> e.path("here").size() == 1
          && e.path("here").get(0).path("connected").asBoolean(), STEP).path("here").get(0);

      // The server turns hostile; the direct links go, and every new one is relayed.
      mitm.intercept(aliceT, bobT);
      int a0 = alice.events().size();
      int b0 = bob.events().size();
      alice.command("{\"cmd\":\"hangup\",\"contact\":\"" + bobFp + "\"}");
      bob.command("{\"cmd\":\"hangup\",\"contact\":\"" + aliceFp + "\"}");
      alice.command("{\"cmd\":\"send\",\"contact\":\"" + bobFp + "\",\"text\":\"through the relay?\"}");
      JsonNode failedAtAlice = alice.await("handshake-failed", a0, e -> true, STEP);
      JsonNode failedAtBob = bob.await("handshake-failed", b0, e -> true, STEP);
      assertThat(failedAtAlice.path("reason").asText()).isEqualTo("proof does not verify");
      assertThat(failedAtBob.path("reason").asText()).isEqualTo("proof does not verify");
      assertThat(mitm.relayed.get()).as("connections the relay sat in").isPositive();
      // Give the relay every chance: three tries of alice's (retries back off from 2 s), and nothing gets through.
      Await.until(() -> since(alice, a0).stream()
          .filter(e -> e.path("event").asText().equals("handshake-failed")).count() >= 3, STEP, alice::tail);
      assertThat(since(bob, b0)).noneMatch(e -> e.path("event").asText()
          .equals("received") || e.path("event").asText().equals("imposter"));
      assertThat(since(alice, a0)).noneMatch(e -> e.path("event").asText()
          .equals("delivered") || e.path("event").asText().equals("imposter")
          || e.path("event").asText().equals("authenticated"));
      int n = alice.events().size();
      alice.command("{\"cmd\":\"contacts\"}");
      JsonNode now = alice.await("contacts", n, e -> true, STEP).path("here").get(0);
      assertThat(now.path("transportId").asText()).isEqualTo(before.path("transportId").asText());
      assertThat(now.path("fingerprint").asText()).isEqualTo(bobFp);
      assertThat(now.path("connected").asBoolean()).isFalse();

      // An honest server again: the next retry gets through.
      mitm.stop();
      assertThat(bob.await("received", b0, e -> true, Duration.ofSeconds(120)).path("text").asText())
          .isEqualTo("through the relay?");
    }
  }

  /** The events {@code c} printed after its first {@code skip} (one read of its output). */
  private static List<JsonNode> since(MeshClientProcess c, int skip) {
    List<JsonNode> all = c.events();
    return all.subList(Math.min(skip, all.size()), all.size());
  }

  private static MeshClientProcess client(String name, Path data, int proxyPort, int serverPort) {
    return MeshClientProcess.start(name, List.of("--json", "--name", name, "--data-dir",
        data.resolve(name).toString(), "--signaling", "http://127.0.0.1:" + proxyPort + "/", "--no-stun",
        "--ip-echo", "http://127.0.0.1:" + serverPort + "/ip"));
  }
}
