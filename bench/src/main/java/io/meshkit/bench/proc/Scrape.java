package io.meshkit.bench.proc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text of servers' {@code /metrics}, summed over several servers: {@code series}
 * ("name{labels}") to value. The cluster benchmark reads our nodes' Redis and owner-cache counters
 * before and after a window.
 */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Double> values;

    private Scrape(Map<String, Double> values) {
        this.values = values;
    }

    /** Scrapes every URL (none: an empty scrape); a server that does not answer counts as empty. */
    public static Scrape of(List<String> urls) {
        Map<String, Double> sum = new HashMap<>();
        for (String url : urls) {
            try {
                String text = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (String line : text.split("\n")) {
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    int sp = line.lastIndexOf(' ');
                    try {
                        sum.merge(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)), Double::sum);
                    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                        // not a sample line
                    }
                }
            } catch (java.io.IOException e) {
                // counted as nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Scrape(sum);
    }

    /** The value of one series ({@code name{a="b"}}, labels as the server renders them), 0 when absent. */
    public double get(String series) {
        return values.getOrDefault(series, 0.0);
    }

    /** {@code this − before} for one series. */
    public double delta(Scrape before, String series) {
        return get(series) - before.get(series);
    }
}
