package io.meshkit.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.meshkit.testkit.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The manifests {@code helm template} renders from {@code helm/mesh-kit}, parsed, with look-ups by
 * kind and name. Rendering runs the real helm (helm-java's native library), so what is checked is
 * what {@code helm install} would send to the API server.
 */
final class RenderedChart {
    static final String RELEASE = "mk";

    private final String yaml;
    private final List<JsonNode> docs;

    private RenderedChart(String yaml, List<JsonNode> docs) {
        this.yaml = yaml;
        this.docs = docs;
    }

    static Path chartDir() {
        return Repo.root().resolve("helm/mesh-kit");
    }

    /** Renders with the chart's default values plus {@code customise} (values files, --set). */
    static RenderedChart render(UnaryOperator<TemplateCommand> customise) {
        TemplateCommand cmd = new Helm(chartDir()).template().withName(RELEASE).withNamespace("meshkit");
        String out = customise.apply(cmd).call();
        return new RenderedChart(out, parse(out));
    }

    static RenderedChart renderDefaults() {
        return render(c -> c);
    }

    static RenderedChart renderCluster() {
        return render(c -> c.withValuesFile(chartDir().resolve("ci/cluster-values.yaml")));
    }

    /**
     * Like {@link #render}, with the chart's hooks ({@code helm test} pods) in the output: helm-java's
     * template prints the release manifest only, and hooks are not part of it. A copy of the chart
     * whose hook annotation is renamed to {@link #HOOK_MARK} renders them as plain manifests.
     */
    static RenderedChart renderWithHooks(UnaryOperator<TemplateCommand> customise) {
        Path copy = null;
        try {
            copy = Files.createTempDirectory("mesh-kit-chart-");
            Path src = chartDir();
            Path dst = copy.resolve("mesh-kit");
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.toList()) {
                    Path target = dst.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        String text = Files.readString(f);
                        Files.writeString(target, text.replace("helm.sh/hook:", HOOK_MARK + ":"));
                    }
                }
            }
            TemplateCommand cmd = new Helm(dst).template().withName(RELEASE).withNamespace("meshkit");
            String out = customise.apply(cmd).call();
            return new RenderedChart(out, parse(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(copy);
        }
    }

    /** The annotation that stands for {@code helm.sh/hook} in {@link #renderWithHooks}. */
    static final String HOOK_MARK = "rendered-as-manifest.meshkit.io/helm-hook";

    /** The message {@code helm template} fails with for these values (an AssertionError if it renders). */
    static String renderFailure(UnaryOperator<TemplateCommand> customise) {
        try {
            render(customise);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError("helm template rendered, but these values must fail");
    }

    /**
     * The NOTES.txt Helm prints after {@code helm install}: a client-only dry run ({@code helm install
     * --dry-run=client}), which renders them without a cluster.
     */
    static String notes(UnaryOperator<InstallCommand> customise) {
        InstallCommand cmd = new Helm(chartDir()).install().withName(RELEASE).withNamespace("meshkit")
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        String out = customise.apply(cmd).call().getOutput();
        int at = out.indexOf("NOTES:");
        if (at < 0) {
            throw new AssertionError("no NOTES in the install output:\n" + out);
        }
        return out.substring(at + "NOTES:".length());
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> parse(String yaml) {
        YAMLMapper mapper = new YAMLMapper(new YAMLFactory());
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                    out.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm template rendered YAML that does not parse:\n" + yaml, e);
        }
        return out;
    }

    String yaml() {
        return yaml;
    }

    List<JsonNode> all() {
        return docs;
    }

    List<JsonNode> ofKind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(
                "no " + kind + " named " + name + " in the rendered chart; have: " + names()));
    }

    List<String> names() {
        return docs.stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()).toList();
    }

    /** The first container of a Deployment's pod template. */
    static JsonNode container(JsonNode deployment) {
        return podSpec(deployment).path("containers").path(0);
    }

    /** The pod spec of a Deployment (its template's) or of a Pod. */
    static JsonNode podSpec(JsonNode workload) {
        return "Pod".equals(workload.path("kind").asText()) ? workload.path("spec")
                : workload.path("spec").path("template").path("spec");
    }

    /** The value of a container's plain environment variable, or null (absent, or from a Secret). */
    static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.has("value") ? e.path("value").asText() : null;
            }
        }
        return null;
    }

    /** A container's environment variable entry ({@code value} or {@code valueFrom}), or a missing node. */
    static JsonNode envEntry(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** {@code name/PROTOCOL} of every container port of a workload's first container. */
    static List<String> containerPortNames(JsonNode workload) {
        List<String> out = new ArrayList<>();
        container(workload).path("ports").forEach(p -> out.add(p.path("name").asText() + "/" + p.path("protocol").asText()));
        return out;
    }

    /** {@code Kind/name} of a manifest. */
    static String name(JsonNode doc) {
        return doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
    }

    /** A node holding a map of strings, as a Java map. */
    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> m = new java.util.TreeMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** True when every entry of {@code selector} is in {@code labels} (Kubernetes' matchLabels rule). */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }
}
