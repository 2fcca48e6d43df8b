package io.meshkit.mesh.runtime;

import io.meshkit.beacon.Beacon;
import io.meshkit.mesh.beacon.BeaconFollower;
import io.meshkit.mesh.beacon.BeaconHttp;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs a {@link BeaconFollower} on the {@link EventLoop}: asks the beacon URL when it says so, delivers its timers
 * (Unix times, turned into delays on the loop's wall clock), and hands joins, leaves and faults to the runtime.
 */
final class BeaconDriver {

  /** What the runtime does with the follower's decisions; called on the loop. */
  interface Listener {
    void join(Beacon beacon, String prefix);

    void leave(String prefix);

    void fault(String reason, String detail);

    void recovered(String reason);
  }

  private final BeaconFollower follower;
  private final EventLoop loop;
  private final Supplier<CompletableFuture<String>> fetcher;
  private final Listener listener;
  private boolean stopped;
  /** One timer per kind: a newer request makes the older one a no-op. */
  private final int[] generation = new int[BeaconFollower.Kind.values().length];

  BeaconDriver(BeaconFollower follower, EventLoop loop, Supplier<CompletableFuture<String>> fetcher,
               Listener listener) {
    this.follower = follower;
    this.loop = loop;
    this.fetcher = fetcher;
    this.listener = listener;
  }

  /** Asks for the first beacon (on the loop). */
  void start() {
    step(new BeaconFollower.Start());
  }

  /** No more requests, timers or calls to the listener. */
  void stop() {
    stopped = true;
  }

  private void step(BeaconFollower.Event event) {
    if (stopped) {
      return;
    }
    for (BeaconFollower.Action a : follower.step(event, loop.wallClockMillis())) {
      if (a instanceof BeaconFollower.Fetch) {
        CompletableFuture<String> answer;
        try {
          answer = fetcher.get();
        } catch (RuntimeException e) {
          answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((header, error) -> loop.execute(() -> step(error == null
            ? new BeaconFollower.Fetched(header)
            : new BeaconFollower.FetchFailed(BeaconHttp.describe(error)))));
      } else if (a instanceof BeaconFollower.Schedule s) {
        long delay = Math.max(0, s.atMillis() - loop.wallClockMillis());
        int gen = ++generation[s.kind().ordinal()];
        loop.schedule(() -> {
          if (gen == generation[s.kind().ordinal()]) {
            step(new BeaconFollower.Timer(s.kind()));
          }
        }, delay);
      } else if (a instanceof BeaconFollower.Join j) {
        listener.join(j.beacon(), j.prefix());
      } else if (a instanceof BeaconFollower.Leave l) {
        listener.leave(l.prefix());
      } else if (a instanceof BeaconFollower.Fault f) {
        listener.fault(f.reason(), f.detail());
      } else if (a instanceof BeaconFollower.Recovered r) {
        listener.recovered(r.reason());
      }
    }
  }
}
