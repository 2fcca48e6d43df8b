package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * Proves the Testcontainers recipe the cluster tests build on: Testcontainers talks to podman's
 * Docker API ({@code DOCKER_HOST}, set by this module's failsafe configuration), without Ryuk
 * (its image cannot be pulled here), starting an image built locally and never pulling.
 */
class PodmanTestcontainersIT {

    @Test
    void shouldStartTheLocalRedisImageAndAnswerOnItsMappedPort() throws Exception {
        Podman.requireReady();
        Podman.requireTestcontainersEnvironment();
        DockerImageName image = DockerImageName.parse(Podman.REDIS_IMAGE);
        try (GenericContainer<?> redis = new GenericContainer<>(image)
                .withImagePullPolicy(PullPolicy.defaultPolicy())
                .withExposedPorts(6379)
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1))
                .withStartupTimeout(Duration.ofSeconds(60))) {
            long t0 = System.nanoTime();
            redis.start();
            System.out.printf("figures: Testcontainers started %s in %d ms%n", image, (System.nanoTime() - t0) / 1_000_000);
            try (Socket s = new Socket(redis.getHost(), redis.getMappedPort(6379))) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                assertThat(new String(in.readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
            }
        }
    }
}
