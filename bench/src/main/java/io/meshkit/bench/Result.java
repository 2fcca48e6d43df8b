package io.meshkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine-readable outcome of one benchmark run against one system: ordered {@code key=value}
 * lines in {@code bench/results/<bench>-<system>.properties}, which {@code Report} turns into the
 * tables of {@code docs/BENCHMARKS.md}. Also printed, so a run shows its figures at once.
 */
public final class Result {
    private final Map<String, String> values = new LinkedHashMap<>();

    public Result put(String key, Object value) {
        String v = value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.3f", d) : String.valueOf(value);
        values.put(key, v.replace('\n', ' '));
        return this;
    }

    /** A value put earlier, as a number (NaN when absent or not a number). */
    public double number(String key) {
        try {
            return Double.parseDouble(values.getOrDefault(key, "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public void write(Path file) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(sb);
    }
}
