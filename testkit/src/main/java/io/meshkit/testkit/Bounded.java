package io.meshkit.testkit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code CompletableFuture.join()} with a deadline, for tests: a peer that never answers fails the
 * test with a message instead of hanging the build ({@code BoundedWaitRules} forbids the plain forms).
 */
public final class Bounded {
    /** What tests wait for a local socket operation (a send, a handshake) on a loaded 2-core machine. */
    public static final Duration IO = Duration.ofSeconds(30);

    private Bounded() {}

    /**
     * The value of {@code stage} once done, as {@code join()} gives it (a failure rethrown as a
     * {@link CompletionException}); an {@link AssertionError} naming {@code what} when it is not done
     * within {@code timeout}.
     */
    public static <T> T join(CompletionStage<T> stage, Duration timeout, String what) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError(what + ": not done within " + timeout, e);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** {@link #join(CompletionStage, Duration, String)} within {@link #IO}. */
    public static <T> T join(CompletionStage<T> stage, String what) {
        return join(stage, IO, what);
    }
}
