package io.meshkit.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The rendered chart's pods run by podman, the way a kubelet would run them, for a test without a
 * Kubernetes cluster: one podman network stands for the namespace, each Service name is a network
 * alias of the containers it selects (so pods reach {@code <release>-mesh-kit-redis:6379} by name),
 * and each container gets what its spec says and nothing more: command and args (Kubernetes'
 * {@code command} replaces the image's entry point, {@code args} its CMD), env (Secret and
 * ConfigMap references resolved from the rendered manifests), ConfigMap volumes as read-only files,
 * emptyDirs as tmpfs, the user and group, a read-only root file system without podman's own tmpfs
 * mounts, dropped capabilities, no privilege escalation, the memory limit.
 *
 * <p>Not emulated: Service port remapping (the chart's Services use their target port numbers, which
 * {@link #start} checks), load balancing beyond DNS, NetworkPolicies, the kubelet's own probe timing.
 */
final class PodmanPods implements AutoCloseable {
    private final RenderedChart chart;
    private final String network;
    private final Path files;
    private final List<String> containers = new ArrayList<>();

    PodmanPods(RenderedChart chart, String network) {
        this.chart = chart;
        this.network = network;
        try {
            this.files = Files.createTempDirectory("meshkit-pods-");
            Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        removeLeftovers();
        Podman.run(List.of("podman", "network", "create", network), Duration.ofSeconds(60)).requireSuccess("network create");
    }

    /** Starts {@code replicas} containers of a Deployment in the background; their names. */
    List<String> start(JsonNode deployment, int replicas) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            String name = network + "-" + deployment.path("metadata").path("name").asText() + "-" + i;
            List<String> cmd = new ArrayList<>(List.of("podman", "run", "-d", "--name", name));
            cmd.addAll(podArgs(deployment.path("spec").path("template")));
            Podman.run(cmd, Duration.ofMinutes(2)).requireSuccess("podman run " + name);
            containers.add(name);
            names.add(name);
        }
        return names;
    }

    /** Runs a Pod (a {@code helm test} hook) to completion: its exit status and output. */
    Podman.Result runToCompletion(JsonNode pod, Duration timeout) {
        String name = network + "-" + pod.path("metadata").path("name").asText();
        Podman.run(List.of("podman", "rm", "-f", "-t", "0", name), Duration.ofSeconds(60));
        List<String> cmd = new ArrayList<>(List.of("podman", "run", "--rm", "--name", name));
        cmd.addAll(podArgs(pod));
        return Podman.run(cmd, timeout);
    }

    /** Runs a container's probe once, inside it, as the kubelet's exec probe (HTTP: the image's own probe script). */
    boolean probe(String container, JsonNode probe) {
        List<String> cmd = new ArrayList<>(List.of("podman", "exec", container));
        if (probe.has("exec")) {
            probe.path("exec").path("command").forEach(a -> cmd.add(a.asText()));
        } else if (probe.has("httpGet")) {
            cmd.addAll(List.of("/usr/local/bin/meshkit-probe", "http", port(container, probe.path("httpGet").path("port").asText()),
                    probe.path("httpGet").path("path").asText()));
        } else {
            throw new IllegalArgumentException("probe kind not emulated: " + probe);
        }
        return Podman.run(cmd, Duration.ofSeconds(30)).exitCode() == 0;
    }

    void restart(String container) {
        Podman.run(List.of("podman", "start", container), Duration.ofSeconds(60)).requireSuccess("start " + container);
    }

    void stop(String container) {
        Podman.run(List.of("podman", "stop", "-t", "2", container), Duration.ofSeconds(60)).requireSuccess("stop " + container);
    }

    String logs(String container) {
        return Podman.run(List.of("podman", "logs", "--tail", "40", container), Duration.ofSeconds(30)).output();
    }

    Podman.Result exec(String container, String... command) {
        List<String> cmd = new ArrayList<>(List.of("podman", "exec", container));
        cmd.addAll(List.of(command));
        return Podman.run(cmd, Duration.ofSeconds(30));
    }

    private List<String> podArgs(JsonNode template) {
        JsonNode pod = template.path("spec");
        JsonNode c = pod.path("containers").path(0);
        Map<String, String> labels = RenderedChart.stringMap(template.path("metadata").path("labels"));
        List<String> args = new ArrayList<>(List.of("--network", network, "--pull", "never", "--hostname",
                template.path("metadata").path("name").asText("pod")));
        for (JsonNode svc : chart.ofKind("Service")) {
            Map<String, String> selector = RenderedChart.stringMap(svc.path("spec").path("selector"));
            if (RenderedChart.selects(selector, labels)) {
                for (JsonNode p : svc.path("spec").path("ports")) {
                    int target = containerPort(c, p.path("targetPort").asText());
                    if (target != p.path("port").asInt()) {
                        throw new AssertionError("this emulation needs Service port = container port: " + RenderedChart.name(svc) + " " + p);
                    }
                }
                args.addAll(List.of("--network-alias", svc.path("metadata").path("name").asText()));
            }
        }
        JsonNode psc = pod.path("securityContext");
        JsonNode sc = c.path("securityContext");
        String uid = sc.path("runAsUser").asText(psc.path("runAsUser").asText(""));
        String gid = sc.path("runAsGroup").asText(psc.path("runAsGroup").asText(""));
        if (!uid.isEmpty()) {
            args.addAll(List.of("--user", gid.isEmpty() ? uid : uid + ":" + gid));
        }
        if (sc.path("readOnlyRootFilesystem").asBoolean()) {
            args.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
        }
        if (sc.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
            args.addAll(List.of("--cap-drop", "ALL"));
        }
        if (sc.has("allowPrivilegeEscalation") && !sc.path("allowPrivilegeEscalation").asBoolean()) {
            args.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        String memory = c.path("resources").path("limits").path("memory").asText("");
        if (!memory.isEmpty()) {
            args.addAll(List.of("--memory", podmanQuantity(memory)));
        }
        for (JsonNode e : c.path("env")) {
            args.addAll(List.of("-e", e.path("name").asText() + "=" + envValue(e)));
        }
        for (JsonNode m : c.path("volumeMounts")) {
            JsonNode volume = volume(pod, m.path("name").asText());
            String mountPath = m.path("mountPath").asText();
            if (volume.has("configMap")) {
                args.addAll(List.of("-v", configMapDir(volume.path("configMap").path("name").asText()) + ":" + mountPath + ":ro"));
            } else if (volume.has("emptyDir")) {
                args.addAll(List.of("--tmpfs", mountPath + ":rw,size=64m,mode=1777"));
            } else {
                throw new AssertionError("volume kind not emulated: " + volume);
            }
        }
        List<String> command = new ArrayList<>();
        c.path("command").forEach(a -> command.add(a.asText()));
        List<String> positional = new ArrayList<>();
        if (!command.isEmpty()) {
            // command replaces the entry point and drops the image's CMD: the rest becomes the arguments.
            args.addAll(List.of("--entrypoint", "[\"" + command.get(0).replace("\"", "\\\"") + "\"]"));
            positional.addAll(command.subList(1, command.size()));
        }
        c.path("args").forEach(a -> positional.add(a.asText()));
        args.add(c.path("image").asText());
        args.addAll(positional);
        return args;
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private String envValue(JsonNode e) {
        if (e.has("value")) {
            return e.path("value").asText();
        }
        JsonNode secretRef = e.path("valueFrom").path("secretKeyRef");
        if (!secretRef.isMissingNode()) {
            String data = chart.get("Secret", secretRef.path("name").asText()).path("data").path(secretRef.path("key").asText()).asText();
            return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
        }
        throw new AssertionError("env source not emulated: " + e);
    }

    private Path configMapDir(String name) {
        Path dir = files.resolve(name);
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                var data = chart.get("ConfigMap", name).path("data").fields();
                while (data.hasNext()) {
                    var entry = data.next();
                    Path f = Files.writeString(dir.resolve(entry.getKey()), entry.getValue().asText());
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String port(String container, String nameOrNumber) {
        if (nameOrNumber.matches("\\d+")) {
            return nameOrNumber;
        }
        for (JsonNode d : chart.ofKind("Deployment")) {
            JsonNode pod = RenderedChart.podSpec(d);
            String prefix = network + "-" + d.path("metadata").path("name").asText() + "-";
            if (container.startsWith(prefix)) {
                return String.valueOf(containerPort(pod.path("containers").path(0), nameOrNumber));
            }
        }
        throw new AssertionError("no workload for container " + container);
    }

    private static int containerPort(JsonNode container, String nameOrNumber) {
        if (nameOrNumber.matches("\\d+")) {
            return Integer.parseInt(nameOrNumber);
        }
        for (JsonNode p : container.path("ports")) {
            if (nameOrNumber.equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + nameOrNumber);
    }

    /** Kubernetes memory quantities (512Mi, 1Gi) as podman's (512m, 1g). */
    static String podmanQuantity(String quantity) {
        if (quantity.endsWith("Mi")) {
            return quantity.substring(0, quantity.length() - 2) + "m";
        }
        if (quantity.endsWith("Gi")) {
            return quantity.substring(0, quantity.length() - 2) + "g";
        }
        throw new AssertionError("memory quantity not emulated: " + quantity);
    }

    private void removeLeftovers() {
        Podman.Result ps = Podman.run(List.of("podman", "ps", "-a", "--format", "{{.Names}}", "--filter", "name=^" + network + "-"),
                Duration.ofSeconds(30));
        for (String name : ps.lines()) {
            Podman.run(List.of("podman", "rm", "-f", "-t", "0", name), Duration.ofSeconds(60));
        }
        Podman.run(List.of("podman", "network", "rm", "-f", network), Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        for (String name : containers) {
            Podman.run(List.of("podman", "rm", "-f", "-t", "2", name), Duration.ofSeconds(60));
        }
        Podman.run(List.of("podman", "network", "rm", "-f", network), Duration.ofSeconds(60));
        try (var walk = Files.walk(files)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
