package io.meshkit.testkit.attack;

import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.PrometheusText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server under attack: its real jar started as a child process ({@code java FLAGS -jar JAR ARGS}),
 * with what an attack test asserts on: is it alive, how much memory it holds (RSS from
 * {@code /proc/PID/status}, what the kernel and a container limit count), and its metrics.
 */
public final class TargetProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final ManagedProcess process;
    private final String host;
    private final int port;

    private TargetProcess(ManagedProcess process, String host, int port) {
        this.process = process;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts {@code jar} with {@code jvmFlags} and {@code args} and waits (bounded) until
     * {@code host:port} accepts TCP connections.
     */
    public static TargetProcess startJar(String name, Path jar, List<String> jvmFlags, List<String> args,
                                         String host, int port, Duration startTimeout) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no server jar at " + jar + " (mvn package builds it)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ManagedProcess.javaExecutable());
        cmd.addAll(jvmFlags);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        ManagedProcess p = ManagedProcess.start(name, cmd);
        try {
            p.awaitTcp(host, port, startTimeout);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return new TargetProcess(p, host, port);
    }

    /**
     * The jar to attack: {@code defaultJar}, or the path in system property {@code overrideProperty}
     * (to measure another build, e.g. the code before a fix, with the same test).
     */
    public static Path jar(Path defaultJar, String overrideProperty) {
        String o = System.getProperty(overrideProperty);
        return o == null || o.isBlank() ? defaultJar : Path.of(o);
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public long pid() {
        return process.process().pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status, or {@code null} while it runs. */
    public Integer exitStatus() {
        return process.isAlive() ? null : process.process().exitValue();
    }

    /** What the process printed so far (stdout and stderr). */
    public String output() {
        return process.output();
    }

    /** Resident set size in bytes, or -1 once the process is gone. */
    public long rssBytes() {
        return Rss.of(pid());
    }

    /** {@code GET path} on the server's port; the body, or an exception after {@code timeout}. */
    public String httpGet(String path, Duration timeout) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's {@code /metrics} (Prometheus text) on its own port. */
    public PrometheusText metrics() {
        return PrometheusText.parse(httpGet("/metrics", Duration.ofSeconds(10)));
    }

    @Override
    public void close() {
        process.close();
    }
}
