package io.meshkit.signaling.cluster;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.meshkit.signaling.core.RealmConfig;
import io.meshkit.signaling.core.RealmListener;
import io.meshkit.ops.Readiness;
import io.meshkit.signaling.netty.Operations;
import io.meshkit.signaling.netty.ServerOptions;
import io.meshkit.signaling.netty.SignalingServer;
import io.meshkit.testkit.Ci;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a container on podman's Docker API (the recipe of deploy-tests' PodmanTestcontainersIT:
 * {@code DOCKER_HOST} and Ryuk off come from this module's failsafe configuration), and signaling
 * nodes in cluster mode with short timeouts so the suite stays fast.
 */
final class ClusterSupport {
    static final String REDIS_IMAGE = "localhost/meshkit-redis:7";
    static final String SOCKET = "/run/meshkit-podman.sock";
    static final long ALIVE_TIMEOUT = 3000;
    static final long EXPIRE_TIMEOUT = 1000;

    private ClusterSupport() {}

    /** Skips outside CI (fails on CI) without podman's API socket or the local Redis image. */
    static void requirePodman() {
        String setup = "run as root: bash .ci/setup-podman.sh";
        Ci.require(Files.exists(Path.of(SOCKET)), "podman's Docker API on unix://" + SOCKET + " (" + setup + ")");
        Ci.require(System.getenv("DOCKER_HOST") != null && "true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED")),
                "DOCKER_HOST and TESTCONTAINERS_RYUK_DISABLED=true (set by the module's failsafe configuration)");
        Ci.require(imageExists(), "the image " + REDIS_IMAGE + " (" + setup + ")");
    }

    private static boolean imageExists() {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(REDIS_IMAGE).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Redis on a fixed loopback port, so a stop and start of the same container keeps the URL the
     * nodes know.
     */
    @SuppressWarnings("resource")
    static GenericContainer<?> redis() {
        int port = freePort();
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
                .withImagePullPolicy(PullPolicy.defaultPolicy())
                .withExposedPorts(6379)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(6379))))
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1))
                .withStartupTimeout(Duration.ofSeconds(60));
        redis.start();
        return redis;
    }

    static String url(GenericContainer<?> redis) {
        return "redis://127.0.0.1:" + redis.getMappedPort(6379);
    }

    static RealmConfig realm() {
        return RealmConfig.defaults().withTimeouts(EXPIRE_TIMEOUT, ALIVE_TIMEOUT);
    }

    /** An in-process node in cluster mode (renewing every 200 ms), once its {@code /ready} says so. */
    static Node node(String redisUrl, String name) throws InterruptedException {
        return node(redisUrl, name, null);
    }

    /** The same, issuing or checking the beacon with {@code beacon} (null: neither). */
    static Node node(String redisUrl, String name, io.meshkit.signaling.beacon.BeaconService beacon)
            throws InterruptedException {
        SignalingServer s = SignalingServer.start(ServerOptions.defaults(0).withRealm(realm()), RealmListener.NONE,
                new Readiness(), Operations.defaults(), new ClusterOptions(redisUrl, name, 200), null, beacon);
        Node n = new Node(s);
        await("node " + name + " ready", Duration.ofSeconds(60), n::ready);
        return n;
    }

    record Node(SignalingServer server) implements AutoCloseable {
        int port() {
            return server.port();
        }

        /** What {@code GET /ready} reports. */
        boolean ready() {
            return server.readiness().isReady();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean tcpOpen(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int httpStatus(int port, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
