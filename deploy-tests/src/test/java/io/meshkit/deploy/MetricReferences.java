package io.meshkit.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.meshkit.testkit.Ci;
import io.meshkit.testkit.PrometheusText;
import io.meshkit.testkit.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The metrics a Grafana dashboard or a Prometheus rule reads, checked against what the servers
 * export. Expressions are parsed by the Prometheus project's PromQL grammar
 * ({@code tools/node/promql-selectors.mjs}); a reference is sound when its metric is in the scrape,
 * every label it matches or groups by is on that metric (or is one Prometheus adds to every target:
 * {@link #TARGET_LABELS}), and every fixed value it matches ({@code reason="queue_full"}) occurs.
 */
final class MetricReferences {
    /** Labels Prometheus and the Prometheus Operator attach to every scraped series. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "pod", "service", "container", "endpoint");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$",
            Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An expression and where it came from ({@code panel "Relays/s" A}, {@code alert X}). */
    record Expression(String source, String promql) {}

    /** What one expression selects, as the grammar saw it. */
    record Analysis(Expression expression, List<Selector> selectors, List<String> groupingLabels, List<String> errors) {}

    record Selector(String metric, List<LabelMatcher> matchers) {}

    record LabelMatcher(String label, String op, String value) {}

    private MetricReferences() {}

    /** Every PromQL expression of a Grafana dashboard: panel targets (rows included) and query variables. */
    static List<Expression> ofDashboard(JsonNode dashboard) {
        List<Expression> out = new ArrayList<>();
        collectPanels(dashboard.path("panels"), out);
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (!"query".equals(v.path("type").asText())) {
                continue;
            }
            String q = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
            java.util.regex.Matcher m = LABEL_VALUES.matcher(q);
            if (!m.matches()) {
                throw new AssertionError("variable " + v.path("name").asText() + ": only label_values(selector, label) is checked, got " + q);
            }
            // label_values(sel, label) reads the label from the selected series: the same check as `sum by (label) (sel)`.
            out.add(new Expression("variable $" + v.path("name").asText(), "count by (" + m.group(2) + ") (" + m.group(1) + ")"));
        }
        return out;
    }

    private static void collectPanels(JsonNode panels, List<Expression> out) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                if (t.has("expr")) {
                    out.add(new Expression("panel \"" + p.path("title").asText() + "\" " + t.path("refId").asText(),
                            t.path("expr").asText()));
                }
            }
            collectPanels(p.path("panels"), out);
        }
    }

    /** Every alert and recording rule expression of PrometheusRule manifests (or rule files: {@code groups}). */
    static List<Expression> ofRules(List<JsonNode> rules) {
        List<Expression> out = new ArrayList<>();
        for (JsonNode doc : rules) {
            JsonNode groups = doc.has("spec") ? doc.path("spec").path("groups") : doc.path("groups");
            for (JsonNode g : groups) {
                for (JsonNode r : g.path("rules")) {
                    String name = r.has("alert") ? "alert " + r.path("alert").asText() : "record " + r.path("record").asText();
                    out.add(new Expression(name, r.path("expr").asText()));
                }
            }
        }
        return out;
    }

    /** Parses every expression with the PromQL grammar (Grafana's interval variables read as 5m). */
    static List<Analysis> analyse(List<Expression> expressions) {
        Path script = Repo.root().resolve("tools/node/promql-selectors.mjs");
        Ci.requireFile(Repo.nodeModules().resolve("@prometheus-io/lezer-promql/package.json"),
                "the PromQL grammar (@prometheus-io/lezer-promql); run: npm ci --prefix tools/node");
        ArrayNode input = JSON.createArrayNode();
        for (Expression e : expressions) {
            input.add(e.promql().replaceAll("\\$\\{?__(rate_interval|interval|range)\\}?", "5m"));
        }
        try {
            Path in = Files.createTempFile("promql-", ".json");
            Path outFile = Files.createTempFile("promql-", ".out.json");
            try {
                Files.writeString(in, JSON.writeValueAsString(input));
                Process p = new ProcessBuilder("node", script.toString()).redirectInput(in.toFile())
                        .redirectOutput(outFile.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("promql-selectors.mjs did not finish within 60 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("promql-selectors.mjs failed with exit status " + p.exitValue());
                }
                JsonNode results = JSON.readTree(Files.readString(outFile, StandardCharsets.UTF_8));
                List<Analysis> out = new ArrayList<>();
                for (int i = 0; i < expressions.size(); i++) {
                    out.add(toAnalysis(expressions.get(i), results.get(i)));
                }
                return out;
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(outFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Analysis toAnalysis(Expression e, JsonNode r) {
        List<Selector> selectors = new ArrayList<>();
        for (JsonNode s : r.path("selectors")) {
            List<LabelMatcher> matchers = new ArrayList<>();
            for (JsonNode m : s.path("matchers")) {
                matchers.add(new LabelMatcher(m.path("label").asText(), m.path("op").asText(), m.path("value").asText()));
            }
            selectors.add(new Selector(s.path("metric").isNull() ? null : s.path("metric").asText(), matchers));
        }
        List<String> grouping = new ArrayList<>();
        r.path("groupingLabels").forEach(l -> grouping.add(l.asText()));
        List<String> errors = new ArrayList<>();
        r.path("errors").forEach(err -> errors.add("syntax error near '" + err.path("near").asText() + "'"));
        return new Analysis(e, selectors, grouping, errors);
    }

    /** Metric name to label name to the values seen, over one or more scrapes. */
    static Map<String, Map<String, Set<String>>> catalog(List<PrometheusText> scrapes) {
        Map<String, Map<String, Set<String>>> out = new TreeMap<>();
        for (PrometheusText scrape : scrapes) {
            for (PrometheusText.Series s : scrape.series()) {
                Map<String, Set<String>> labels = out.computeIfAbsent(s.name(), n -> new TreeMap<>());
                s.labels().forEach((k, v) -> labels.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
            }
        }
        return out;
    }

    /** What is wrong with the references, one line each (empty when every one is sound). */
    static List<String> problems(List<Analysis> analyses, Map<String, Map<String, Set<String>>> catalog) {
        List<String> out = new ArrayList<>();
        for (Analysis a : analyses) {
            String where = a.expression().source() + ": ";
            a.errors().forEach(err -> out.add(where + err + " in " + a.expression().promql()));
            if (a.selectors().isEmpty()) {
                out.add(where + "selects no metric: " + a.expression().promql());
            }
            Map<String, Set<String>> union = new LinkedHashMap<>();
            for (Selector s : a.selectors()) {
                if (s.metric() == null) {
                    out.add(where + "a selector without a metric name");
                    continue;
                }
                Map<String, Set<String>> labels = catalog.get(s.metric());
                if (labels == null) {
                    out.add(where + "metric " + s.metric() + " is not exported by the servers");
                    continue;
                }
                labels.forEach((k, v) -> union.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
                for (LabelMatcher m : s.matchers()) {
                    checkMatcher(where, s.metric(), m, labels, out);
                }
            }
            for (String g : a.groupingLabels()) {
                if (!TARGET_LABELS.contains(g) && !union.containsKey(g)) {
                    out.add(where + "groups by label '" + g + "', which none of its metrics has " + union.keySet());
                }
            }
        }
        return out;
    }

    private static void checkMatcher(String where, String metric, LabelMatcher m, Map<String, Set<String>> labels, List<String> out) {
        if (TARGET_LABELS.contains(m.label()) || "__name__".equals(m.label())) {
            return;
        }
        Set<String> values = labels.get(m.label());
        if (values == null) {
            out.add(where + metric + " has no label '" + m.label() + "' (it has " + labels.keySet() + ")");
            return;
        }
        if (m.value().contains("$")) {
            return; // a Grafana variable, filled in at query time
        }
        switch (m.op()) {
            case "=" -> {
                if (!values.contains(m.value())) {
                    out.add(where + metric + "{" + m.label() + "=\"" + m.value() + "\"} never occurs (values: " + values + ")");
                }
            }
            case "=~" -> {
                try {
                    Pattern p = Pattern.compile(m.value());
                    if (values.stream().noneMatch(v -> p.matcher(v).matches())) {
                        out.add(where + metric + "{" + m.label() + "=~\"" + m.value() + "\"} matches no value (values: " + values + ")");
                    }
                } catch (PatternSyntaxException e) {
                    out.add(where + "bad regular expression " + m.value());
                }
            }
            default -> {
                // != and !~ exclude: the label existing is all there is to check.
            }
        }
    }
}
