package io.meshkit.mesh.runtime;

import java.util.PriorityQueue;
import java.util.concurrent.Callable;

/** An {@link EventLoop} with virtual time: tasks run when the test advances the clock, in time and submission order. */
final class ManualLoop implements EventLoop {
  private record Task(long at, long seq, Runnable run) {}

  private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) ->
      a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  int shutdowns;
  /** Set while a task runs: the runtime must never run two at once (it has one thread). */
  private boolean running;

  static final long WALL_AT_ZERO = 1_700_000_000_000L;

  @Override
  public void execute(Runnable task) {
    schedule(task, 0);
  }

  @Override
  public void schedule(Runnable task, long delayMillis) {
    tasks.add(new Task(now + Math.max(0, delayMillis), seq++, task));
  }

  @Override
  public <T> T call(Callable<T> task, long timeoutMillis) throws Exception {
    runDue();
    return task.call();
  }

  @Override
  public long nowMillis() {
    return now;
  }

  @Override
  public long wallClockMillis() {
    return WALL_AT_ZERO + now;
  }

  /**
   * Several runtimes share this loop in a test, so one runtime's shutdown must not drop the others' tasks: it is only
   * counted.
   */
  @Override
  public void shutdown() {
    shutdowns++;
  }

  /** Runs every task due now (and those they queue for now). */
  void runDue() {
    advanceTo(now);
  }

  void advanceBy(long ms) {
    advanceTo(now + ms);
  }

  void advanceTo(long t) {
    while (!tasks.isEmpty() && tasks.peek().at <= t) {
      Task task = tasks.poll();
      now = Math.max(now, task.at);
      if (running) {
        throw new IllegalStateException("a task ran inside another");
      }
      running = true;
      try {
        task.run.run();
      } finally {
        running = false;
      }
    }
    now = Math.max(now, t);
  }

  long now() {
    return now;
  }
}
