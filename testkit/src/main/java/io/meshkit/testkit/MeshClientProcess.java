package io.meshkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.testkit.lab.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code mesh-client} process driven through its {@code --json} control protocol: the events it printed (one JSON
 * object per line starting with {@code {"event"}, among log lines, since stdout and stderr share the log), and
 * commands written to its stdin.
 */
public final class MeshClientProcess implements AutoCloseable {
    /** The client's main class. */
    public static final String MAIN_CLASS = "io.meshkit.mesh.cli.Main";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final ManagedProcess process;

    private MeshClientProcess(String name, ManagedProcess process) {
        this.name = name;
        this.process = process;
    }

    /** Wraps a client started elsewhere (e.g. {@code host.startJava(name, MAIN_CLASS, args)} in the NAT lab). */
    public static MeshClientProcess of(String name, ManagedProcess process) {
        return new MeshClientProcess(name, process);
    }

    /** Starts a client in this network namespace with the test's class path. */
    public static MeshClientProcess start(String name, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), MAIN_CLASS));
        cmd.addAll(args);
        return new MeshClientProcess(name, ManagedProcess.start("mesh-" + name, cmd));
    }

    public String name() {
        return name;
    }

    public ManagedProcess process() {
        return process;
    }

    /** Every event printed so far, in order. */
    public List<JsonNode> events() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : process.output().split("\n")) {
            if (line.startsWith("{\"event\"")) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException partialLine) {
                    // the last line may still be being written
                }
            }
        }
        return out;
    }

    /** The last {@code event} printed, or null. */
    public JsonNode last(String event) {
        JsonNode found = null;
        for (JsonNode e : events()) {
            if (event.equals(e.path("event").asText())) {
                found = e;
            }
        }
        return found;
    }

    /** Waits for an {@code event} that satisfies {@code test}, printed after the first {@code skip} events. */
    public JsonNode await(String event, int skip, Predicate<JsonNode> test, Duration timeout) {
        JsonNode[] found = new JsonNode[1];
        Await.until(() -> {
            List<JsonNode> all = events();
            for (int i = skip; i < all.size(); i++) {
                JsonNode e = all.get(i);
                if (event.equals(e.path("event").asText()) && test.test(e)) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        }, timeout, () -> name + " printed no matching " + event + " event; output:\n" + tail());
        return found[0];
    }

    /** Waits for the first {@code event}. */
    public JsonNode await(String event, Duration timeout) {
        return await(event, 0, e -> true, timeout);
    }

    /** Writes one command line to stdin. */
    public void command(String json) {
        try {
            process.process().getOutputStream().write((json + "\n").getBytes(StandardCharsets.UTF_8));
            process.process().getOutputStream().flush();
        } catch (IOException e) {
            throw new AssertionError(name + " does not take commands", e);
        }
    }

    /** Waits for the process to exit and returns its status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout + "; output:\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.process().exitValue();
    }

    /** The last 4,000 characters of output, for failure messages. */
    public String tail() {
        String out = process.output();
        return out.substring(Math.max(0, out.length() - 4000));
    }

    @Override
    public void close() {
        process.close();
    }
}
