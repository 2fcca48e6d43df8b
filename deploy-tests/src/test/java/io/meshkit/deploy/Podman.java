package io.meshkit.deploy;

import io.meshkit.testkit.Ci;
import io.meshkit.testkit.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Containers without a Docker engine: podman's CLI and its Docker API socket, as prepared by
 * {@code .ci/setup-podman.sh}. Each {@code require…} skips outside CI and fails on CI when the
 * machine lacks what the test needs, naming the command that provides it.
 */
final class Podman {
    /** Where {@code .ci/setup-podman.sh} serves the Docker API; {@code DOCKER_HOST} wins. */
    static final String DEFAULT_SOCKET = "/run/meshkit-podman.sock";
    /** The debootstrap JRE base image, standing in for the public JRE image of the Dockerfiles. */
    static final String BASE_IMAGE = "localhost/meshkit-jre:17";
    static final String REDIS_IMAGE = "localhost/meshkit-redis:7";
    static final String HAPROXY_IMAGE = "localhost/meshkit-haproxy:2.6";

    private static final String SETUP = "run as root: bash .ci/setup-podman.sh";

    private Podman() {}

    /** {@code unix:///…} of the Docker API. */
    static String dockerHost() {
        String env = System.getenv("DOCKER_HOST");
        return env != null && !env.isBlank() ? env : "unix://" + DEFAULT_SOCKET;
    }

    /** Requires podman, the Docker API socket and the locally built base images. */
    static void requireReady() {
        Ci.requireExecutable("/usr/bin/podman", "podman");
        Ci.require(apiAnswers(), "podman's Docker API on " + dockerHost() + " (" + SETUP + ")");
        for (String image : List.of(BASE_IMAGE, REDIS_IMAGE, HAPROXY_IMAGE)) {
            Ci.require(imageExists(image), "the image " + image + " (" + SETUP + ")");
        }
    }

    /**
     * Requires the environment Testcontainers needs with podman: {@code DOCKER_HOST} on podman's
     * socket and {@code TESTCONTAINERS_RYUK_DISABLED=true} (this module's failsafe sets both).
     */
    static void requireTestcontainersEnvironment() {
        Ci.require(System.getenv("DOCKER_HOST") != null && "true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED")),
                "DOCKER_HOST=" + dockerHost() + " and TESTCONTAINERS_RYUK_DISABLED=true in the environment (see deploy-tests/README.md)");
    }

    /** Requires {@code docker-compose} (Debian's 1.29, speaking to podman's socket). */
    static void requireCompose() {
        Ci.requireExecutable("/usr/bin/docker-compose", "docker-compose");
    }

    /** Requires a server's shaded jar, built by {@code mvn package} before the integration tests. */
    static Path requireJar(String module) {
        return Ci.requireFile(Repo.root().resolve(module + "/target/" + module + ".jar"),
                "the " + module + " jar (mvn -pl " + module + " package)");
    }

    /** Builds {@code dockerfile} (relative to the root, which is the context) on the local base image. */
    static void build(String dockerfile, String tag) {
        // --format docker keeps HEALTHCHECK (the OCI format has no place for it).
        Result r = run(List.of("podman", "build", "-q", "--format", "docker", "--build-arg", "BASE=" + BASE_IMAGE,
                "-f", dockerfile, "-t", tag, "."), Duration.ofMinutes(5));
        r.requireSuccess("podman build " + dockerfile);
    }

    static boolean imageExists(String image) {
        return run(List.of("podman", "image", "exists", image), Duration.ofSeconds(30)).exitCode() == 0;
    }

    /** {@code GET /_ping} on the API socket, as the Docker clients do first. */
    static boolean apiAnswers() {
        String host = dockerHost();
        if (!host.startsWith("unix://")) {
            return false;
        }
        Path socket = Path.of(host.substring("unix://".length()));
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(256);
            ch.read(buf);
            String status = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            return status.matches("(?s)HTTP/1\\.[01] 200.*");
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a command in the repository root with extra environment; output and status. */
    static Result run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path out = Files.createTempFile("meshkit-cmd-", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(Repo.root().toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    return new Result(command, -1, "timed out after " + timeout + ":\n" + Files.readString(out));
                }
                return new Result(command, p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a command did. */
    record Result(List<String> command, int exitCode, String output) {
        Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed (exit " + exitCode + "): " + String.join(" ", command)
                        + "\n" + output);
            }
            return this;
        }

        /** Output lines without podman's complaints about systemd (no systemd here: health checks run on demand). */
        List<String> lines() {
            List<String> out = new ArrayList<>();
            for (String l : output.split("\n")) {
                if (!l.isBlank() && !l.contains("systemd")) {
                    out.add(l.strip());
                }
            }
            return out;
        }
    }
}
