package io.meshkit.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.meshkit.testkit.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
        return deployment.path("spec").path("template").path("spec").path("containers").path(0);
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
