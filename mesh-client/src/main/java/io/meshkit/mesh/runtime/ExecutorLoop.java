package io.meshkit.mesh.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The real {@link EventLoop}: one daemon thread, {@link System#nanoTime} and {@link System#currentTimeMillis}. */
final class ExecutorLoop implements EventLoop {
  private final ScheduledExecutorService executor;
  private final long origin = System.nanoTime();

  ExecutorLoop(String name) {
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** The executor, for adapters that schedule their own work on the same thread (PeerJS heartbeats, reconnects). */
  ScheduledExecutorService executor() {
    return executor;
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public void schedule(Runnable task, long delayMillis) {
    if (!executor.isShutdown()) {
      executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public <T> T call(Callable<T> task, long timeoutMillis) throws Exception {
    return executor.submit(task).get(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public long nowMillis() {
    return (System.nanoTime() - origin) / 1_000_000L;
  }

  @Override
  public long wallClockMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public void shutdown() {
    executor.shutdownNow();
  }
}
