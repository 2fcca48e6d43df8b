package io.meshkit.mesh.peerjs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.lab.Await;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * A long-running signaling client whose server is down keeps retrying past PeerJS's 8 attempts, says why in words
 * (not {@code ClosedChannelException}), and registers as soon as the server is back on its port.
 */
class SignalingClientIT {
    @Test
    void shouldRetryPastEightAttemptsWithTheRealCauseAndRegisterWhenTheServerComesBack() throws Exception {
        int port = PeerServers.freeTcpPort();
        List<String> causes = new CopyOnWriteArrayList<>();
        CompletableFuture<String> opened = new CompletableFuture<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        SignalingClient.Settings fast = SignalingClient.Settings.LONG_RUNNING
                .withRetries(Duration.ofMillis(20), Duration.ofMillis(100), SignalingClient.Settings.FOREVER)
                .withObserver(new SignalingClient.Observer() {
                    @Override
                    public void failed(String id, int attempt, String cause, long retryMillis) {
                        causes.add(cause);
                    }
                });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        SignalingClient client = new SignalingClient(HttpClient.newHttpClient(),
                SignalingEndpoint.parse("http://127.0.0.1:" + port + "/", "peerjs"), "long-running-1", "tok1",
                new SignalingClient.Listener() {
                    @Override
                    public void onOpen(SignalingClient c) {
                        opened.complete("open");
                    }

                    @Override
                    public void onMessage(SignalingClient c, SignalingMessage m) {}

                    @Override
                    public void onClosed(SignalingClient c, String reason) {
                        closed.complete(reason);
                    }
                }, timer, fast);
        try {
            client.start();
            Await.until(() -> causes.size() > 12, Duration.ofSeconds(30), causes::toString);
            assertThat(closed).as("still trying after PeerJS's 8 attempts").isNotDone();
            assertThat(causes).allSatisfy(c -> assertThat(c)
                    .isEqualTo("cannot connect: connection refused (127.0.0.1:" + port + ")"));
            try (PeerServers.Running server = PeerServers.start(PeerServers.Kind.MESHKIT, port,
                    List.of("--port", Integer.toString(port)))) {
                Await.until(opened::isDone, Duration.ofSeconds(30), causes::toString);
                assertThat(client.isOpen()).isTrue();
            }
        } finally {
            client.close();
            timer.shutdownNow();
        }
    }
}
