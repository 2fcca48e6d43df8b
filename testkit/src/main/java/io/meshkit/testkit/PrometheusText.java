package io.meshkit.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Prometheus text exposition (format 0.0.4): sample line ({@code name{labels}}) to value.
 * Label order is as the registry printed it; tests look samples up by name and label pairs.
 */
public final class PrometheusText {
    private final Map<String, Double> samples = new LinkedHashMap<>();
    private final String text;

    private PrometheusText(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            samples.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
        }
    }

    public static PrometheusText parse(String text) {
        return new PrometheusText(text);
    }

    /** The value of {@code name} with exactly these labels ({@code "k", "v", …}), or NaN when absent. */
    public double value(String name, String... labels) {
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            if (matches(e.getKey(), name, labels)) {
                return e.getValue();
            }
        }
        return Double.NaN;
    }

    /** Like {@link #value} but 0 when absent (a counter not yet created). */
    public double count(String name, String... labels) {
        double v = value(name, labels);
        return Double.isNaN(v) ? 0 : v;
    }

    public boolean has(String name) {
        return samples.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
    }

    public String text() {
        return text;
    }

    /** Every sample as its metric name and labels (escapes undone), in the order of the scrape. */
    public List<Series> series() {
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            out.add(Series.parse(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** One sample: {@code name{labels} value}. */
    public record Series(String name, Map<String, String> labels, double value) {
        static Series parse(String key, double value) {
            int brace = key.indexOf('{');
            if (brace < 0) {
                return new Series(key, Map.of(), value);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            int i = brace + 1;
            while (i < key.length() && key.charAt(i) != '}') {
                int eq = key.indexOf('=', i);
                String label = key.substring(i, eq).strip();
                StringBuilder v = new StringBuilder();
                int j = eq + 2; // past ="
                while (key.charAt(j) != '"') {
                    char c = key.charAt(j);
                    if (c == '\\') {
                        char n = key.charAt(++j);
                        v.append(n == 'n' ? '\n' : n);
                    } else {
                        v.append(c);
                    }
                    j++;
                }
                labels.put(label, v.toString());
                i = j + 1;
                if (i < key.length() && key.charAt(i) == ',') {
                    i++;
                }
            }
            return new Series(key.substring(0, brace), Map.copyOf(labels), value);
        }
    }

    private static boolean matches(String key, String name, String[] labels) {
        int brace = key.indexOf('{');
        String n = brace < 0 ? key : key.substring(0, brace);
        if (!n.equals(name)) {
            return false;
        }
        String body = brace < 0 ? "" : key.substring(brace + 1, key.length() - 1);
        int pairs = body.isEmpty() ? 0 : body.split("\",").length;
        if (pairs != labels.length / 2) {
            return false;
        }
        for (int i = 0; i < labels.length; i += 2) {
            if (!body.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }
}
