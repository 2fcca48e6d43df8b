package io.meshkit.ops.netty;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Brings gauges that are sampled rather than pushed up to date before a scrape. The signaling
 * server samples its realm on the realm's own event loop (the realm is never read from another
 * thread) and completes the stage there; the scrape itself then runs on the ops server's thread,
 * so rendering the text never delays a relay.
 */
@FunctionalInterface
public interface MetricsRefresh {
    /** Nothing to sample: every meter is current. */
    MetricsRefresh NONE = () -> CompletableFuture.completedFuture(null);

    /** Starts the sampling; the stage completes when the meters are current (or fails). */
    CompletionStage<?> refresh();
}
