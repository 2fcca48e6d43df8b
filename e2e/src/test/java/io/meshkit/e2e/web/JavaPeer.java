package io.meshkit.e2e.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.testkit.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Java mesh client ({@code io.meshkit.mesh.cli.Main}, from this module's test class path) as a child
 * process driven by its documented {@code --json} control protocol: events are read from its output,
 * commands written to its stdin. It finds its public address through the test's HTTP IP echo (no STUN),
 * so it lands in the same namespace as the pages.
 */
final class JavaPeer implements MeshGroups.Participant, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path dataDir;
    private final ManagedProcess process;

    private JavaPeer(String name, Path dataDir, ManagedProcess process) {
        this.name = name;
        this.dataDir = dataDir;
        this.process = process;
    }

    /** Starts a client named {@code name} on the signaling server at {@code 127.0.0.1:port}. */
    static JavaPeer start(String name, int signalingPort, String ipEcho, String... extraFlags) {
        try {
            return start(name, Files.createTempDirectory("meshkit-web-java-" + name), signalingPort, ipEcho, extraFlags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As above, with the data directory {@code data} (its discovery UUID is kept across restarts). */
    static JavaPeer start(String name, Path data, int signalingPort, String ipEcho, String... extraFlags) {
        List<String> cmd = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), "io.meshkit.mesh.cli.Main",
                "--json", "--name", name, "--data-dir", data.toString(),
                "--signaling", "http://127.0.0.1:" + signalingPort + "/",
                "--no-stun", "--ip-echo", ipEcho));
        cmd.addAll(List.of(extraFlags));
        return new JavaPeer(name, data, ManagedProcess.start("java-mesh-" + name, cmd));
    }

    /**
     * A client on a NAT-lab host, with our servers on the lab's WAN: STUN for discovery and ICE, the signaling
     * server's own IP echo as the fallback.
     */
    static JavaPeer onHost(io.meshkit.testkit.lab.Host host, String name, Path data, String signaling, String stun) {
        return new JavaPeer(name, data, host.startJava("mesh-" + name, "io.meshkit.mesh.cli.Main",
                "--json", "--name", name, "--data-dir", data.toString(), "--signaling", signaling, "--stun", stun));
    }

    Path dataDir() {
        return dataDir;
    }

    /** This client's identity fingerprint (from its {@code identity} event), or null before it. */
    String fingerprint() {
        JsonNode e = last("identity");
        return e == null ? null : e.path("fingerprint").asText();
    }

    String discoveryId() {
        JsonNode r = last("ready");
        return r == null ? null : r.path("discoveryId").asText();
    }

    /** The contacts list (`contacts` event) part {@code list}: here, strangers or saved; names. */
    Set<String> contactNames(String list) {
        JsonNode c = last("contacts");
        Set<String> out = new TreeSet<>();
        if (c != null) {
            c.path(list).forEach(x -> out.add(x.path("name").asText()));
        }
        return out;
    }

    /** Whether the contact named {@code name} has an authenticated link up. */
    boolean connectedTo(String contactName) {
        JsonNode c = last("contacts");
        if (c == null) {
            return false;
        }
        for (String list : List.of("here", "saved")) {
            for (JsonNode x : c.path(list)) {
                if (contactName.equals(x.path("name").asText())) {
                    return x.path("connected").asBoolean();
                }
            }
        }
        return false;
    }

    /** Texts of {@code received} events, in order. */
    List<String> received() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events()) {
            if ("received".equals(e.path("event").asText())) {
                out.add(e.path("text").asText());
            }
        }
        return out;
    }

    /** Sequence numbers of {@code delivered} events. */
    long delivered() {
        return events().stream().filter(e -> "delivered".equals(e.path("event").asText())).count();
    }

    /** SIGKILL: the process is gone at once, its sockets closed by the kernel (no `leaving`). */
    void kill() {
        process.process().destroyForcibly();
        try {
            if (!process.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the killed Java peer has not exited after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    List<JsonNode> events() {
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

    JsonNode last(String event) {
        JsonNode found = null;
        for (JsonNode e : events()) {
            if (event.equals(e.path("event").asText())) {
                found = e;
            }
        }
        return found;
    }

    /** Every {@code network} event so far, each as the set of listed names. */
    List<Set<String>> networkHistory() {
        List<Set<String>> out = new ArrayList<>();
        for (JsonNode e : events()) {
            if ("network".equals(e.path("event").asText())) {
                Set<String> names = new TreeSet<>();
                e.path("peers").forEach(p -> names.add(p.path("name").asText()));
                out.add(names);
            }
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String role() {
        JsonNode r = last("role");
        return r == null || r.path("role").isNull() ? null : r.path("role").asText();
    }

    @Override
    public String routerId() {
        JsonNode r = last("role");
        return r == null || r.path("routerId").isNull() ? null : r.path("routerId").asText();
    }

    String namespace() {
        JsonNode r = last("ready");
        return r == null ? null : r.path("namespace").asText();
    }

    @Override
    public Set<String> peerNames() {
        List<Set<String>> h = networkHistory();
        return h.isEmpty() ? Set.of() : h.get(h.size() - 1);
    }

    void command(String json) {
        try {
            process.process().getOutputStream().write((json + "\n").getBytes(StandardCharsets.UTF_8));
            process.process().getOutputStream().flush();
        } catch (IOException e) {
            throw new AssertionError(name + " does not take commands", e);
        }
    }

    /** Leaves cleanly (a router hands over to its successor). */
    void quit() {
        command("{\"cmd\":\"quit\"}");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String describe() {
        String out = process.output();
        return name + " (java): role=" + role() + " router=" + routerId() + " peers=" + peerNames()
                + "\n  output tail:\n" + out.substring(Math.max(0, out.length() - 2500));
    }

    @Override
    public void close() {
        process.close();
    }
}
