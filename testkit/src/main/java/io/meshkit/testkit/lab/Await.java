package io.meshkit.testkit.lab;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: the lab's only way to wait. */
public final class Await {
    /** Pause between polls: short, since lab conditions usually hold within milliseconds. */
    static final long POLL_MILLIS = 20;

    private Await() {}

    /**
     * Returns once {@code condition} holds; throws {@link AssertionError} with {@code diagnostics}
     * (evaluated only on failure, e.g. a process's output) when {@code timeout} passes first.
     */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + ":\n" + diagnostics.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
