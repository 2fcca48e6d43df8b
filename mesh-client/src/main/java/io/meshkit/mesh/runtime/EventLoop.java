package io.meshkit.mesh.runtime;

import java.util.concurrent.Callable;

/**
 * The one thread the mesh runtime runs on, with its clocks. Everything that touches the core or the runtime's tables
 * runs as a task here; adapters hand their callbacks over with {@link #execute}. Tests use a loop with virtual time.
 */
public interface EventLoop {

  /** Runs {@code task} on the loop, after the tasks already queued. */
  void execute(Runnable task);

  /** Runs {@code task} on the loop after {@code delayMillis}. */
  void schedule(Runnable task, long delayMillis);

  /** Runs {@code task} on the loop and waits for its result, at most {@code timeoutMillis}. */
  <T> T call(Callable<T> task, long timeoutMillis) throws Exception;

  /** Monotonic milliseconds (the core's clock). */
  long nowMillis();

  /** Wall clock, Unix milliseconds (only dates registry entries). */
  long wallClockMillis();

  /** Stops running tasks. */
  void shutdown();
}
