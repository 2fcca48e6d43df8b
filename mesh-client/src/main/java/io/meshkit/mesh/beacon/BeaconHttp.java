package io.meshkit.mesh.beacon;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the beacon URL (docs/PROTOCOL.md §13.3.3): a {@code POST} without a body, with the configured {@code Origin},
 * as a page would; the answer is the {@code X-Mesh-Beacon} header, or null when there is none. The body is ignored
 * (and not read beyond what the client buffers: {@code discarding}).
 */
public final class BeaconHttp {
  /** How long one request may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  private BeaconHttp() {}

  /** Completes with the header (or null), or exceptionally with a message fit for people. */
  public static CompletableFuture<String> fetch(HttpClient http, BeaconSettings settings) {
    HttpRequest request = HttpRequest.newBuilder(settings.url())
        .timeout(TIMEOUT)
        .header("Origin", settings.origin())
        .header("Cache-Control", "no-store")
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(res -> {
      if (res.statusCode() / 100 != 2) {
        throw new IllegalStateException("HTTP " + res.statusCode() + " from " + settings.url());
      }
      // Beacon.parse bounds and checks the value.
      return res.headers().firstValue("X-Mesh-Beacon").map(String::trim).orElse(null);
    });
  }

  /** A short reason for a failed request. */
  public static String describe(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && (t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException)) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
