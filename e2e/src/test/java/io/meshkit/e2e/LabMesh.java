package io.meshkit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshkit.testkit.MeshClientProcess;
import io.meshkit.testkit.lab.Await;
import io.meshkit.testkit.lab.Host;
import io.meshkit.testkit.lab.Wan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Mesh clients as processes on LAN hosts of the NAT lab, pointed at our servers on the WAN, and what the tests ask of
 * them: who is router, who lists whom, how long until a group agrees. The clients run with the default mesh timings
 * (no timing flags): the figures are the ones users get.
 */
final class LabMesh {
    /** JVMs start slowly on a busy 2-core machine; convergence itself takes seconds. */
    static final Duration FIRST_CONVERGENCE = Duration.ofSeconds(180);

    private final Path dataRoot;

    LabMesh() {
        try {
            dataRoot = Files.createTempDirectory("meshkit-mesh-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts client {@code name} (its data directory named after it) on {@code host}. */
    MeshClientProcess start(Host host, String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("--json", "--name", name,
                "--data-dir", dataRoot.resolve(name).toString(),
                "--signaling", "http://" + Wan.ADDRESS + ":" + WanServers.SIGNALING_PORT + "/",
                "--stun", "stun:" + Wan.ADDRESS + ":" + WanServers.STUN_PORT));
        args.addAll(List.of(extra));
        return MeshClientProcess.of(name, host.startJava("mesh-" + name, MeshClientProcess.MAIN_CLASS,
                args.toArray(String[]::new)));
    }

    static String role(MeshClientProcess c) {
        JsonNode r = c.last("role");
        return r == null ? null : r.path("role").asText();
    }

    static String routerId(MeshClientProcess c) {
        JsonNode r = c.last("role");
        return r == null ? null : r.path("routerId").asText();
    }

    /** The names in the client's last {@code network} event. */
    static Set<String> peerNames(MeshClientProcess c) {
        JsonNode n = c.last("network");
        Set<String> names = new TreeSet<>();
        if (n != null) {
            n.path("peers").forEach(p -> names.add(p.path("name").asText()));
        }
        return names;
    }

    /** Live clients whose last role event says router. */
    static long routers(List<MeshClientProcess> clients) {
        return clients.stream().filter(c -> c.process().isAlive() && "router".equals(role(c))).count();
    }

    /** Exactly one router; every other member is its peer; everyone lists exactly the others. */
    static boolean converged(List<MeshClientProcess> group) {
        List<MeshClientProcess> routers = group.stream().filter(c -> "router".equals(role(c))).toList();
        if (routers.size() != 1) {
            return false;
        }
        String routerId = routerId(routers.get(0));
        for (MeshClientProcess c : group) {
            if (!routerId.equals(routerId(c))) {
                return false;
            }
            Set<String> others = group.stream().filter(o -> o != c).map(MeshClientProcess::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!peerNames(c).equals(others)) {
                return false;
            }
        }
        return true;
    }

    /** Milliseconds until {@code condition} holds (polled), or an {@link AssertionError} after {@code timeout}. */
    static long millisUntil(BooleanSupplier condition, Duration timeout, List<MeshClientProcess> diagnostics) {
        long t0 = System.nanoTime();
        Await.until(condition, timeout, () -> describe(diagnostics));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String describe(List<MeshClientProcess> clients) {
        StringBuilder b = new StringBuilder();
        for (MeshClientProcess c : clients) {
            b.append(c.name()).append(": alive=").append(c.process().isAlive()).append(" role=").append(role(c))
                    .append(" router=").append(routerId(c)).append(" peers=").append(peerNames(c)).append('\n');
        }
        if (!clients.isEmpty()) {
            b.append("--- output of ").append(clients.get(0).name()).append(" (tail) ---\n")
                    .append(clients.get(0).tail());
        }
        return b.toString();
    }
}
