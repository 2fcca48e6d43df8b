package io.meshkit.mesh.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.beacon.Beacon;
import io.meshkit.beacon.BeaconKeys;
import io.meshkit.beacon.BeaconSigner;
import io.meshkit.beacon.Period;
import io.meshkit.mesh.beacon.BeaconFollower.Action;
import io.meshkit.mesh.beacon.BeaconFollower.Fault;
import io.meshkit.mesh.beacon.BeaconFollower.Fetch;
import io.meshkit.mesh.beacon.BeaconFollower.Fetched;
import io.meshkit.mesh.beacon.BeaconFollower.Join;
import io.meshkit.mesh.beacon.BeaconFollower.Kind;
import io.meshkit.mesh.beacon.BeaconFollower.Leave;
import io.meshkit.mesh.beacon.BeaconFollower.Recovered;
import io.meshkit.mesh.beacon.BeaconFollower.Schedule;
import io.meshkit.mesh.beacon.BeaconFollower.Start;
import io.meshkit.mesh.beacon.BeaconFollower.Timer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** docs/PROTOCOL.md §13.3.5 with a fake clock: join, refresh at the period's end, overlap, retries, faults. */
class BeaconFollowerTest {
  private static final BeaconSigner A = BeaconSigner.ofHex(
      "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
  private static final BeaconSigner B = BeaconSigner.ofHex(
      "dd43ed13d78461353d61deb08e8cf5295b8cf6cd36912941ab10eb8c5e0ffd8a");
  private static final long T = 1718030100000L; // in period 2863383 of 600 s: [1718029800000, 1718030400000)
  private static final long END = 1718030400000L;

  private final BeaconFollower follower = new BeaconFollower(BeaconKeys.of(A.publicKey()), new SplittableRandom(7));

  private static String beacon(long at, int length) {
    return A.sign(Period.at(at, length)).text();
  }

  private static <T extends Action> T only(List<Action> actions, Class<T> type) {
    List<Action> of = actions.stream().filter(type::isInstance).toList();
    assertThat(of).as("%s in %s", type.getSimpleName(), actions).hasSize(1);
    return type.cast(of.get(0));
  }

  private static long scheduled(List<Action> actions, Kind kind) {
    return actions.stream().filter(a -> a instanceof Schedule s && s.kind() == kind)
        .mapToLong(a -> ((Schedule) a).atMillis()).reduce((x, y) -> y).orElseThrow();
  }

  @Test
  void shouldJoinTheFirstBeaconAndAskAgainJustAfterItsPeriod() {
    assertThat(follower.step(new Start(), T)).containsExactly(new Fetch());
    List<Action> a = follower.step(new Fetched(beacon(T, 600)), T + 50);
    Join join = only(a, Join.class);
    assertThat(join.prefix()).isEqualTo("bcd3b741c3743d98d");
    long refresh = scheduled(a, Kind.REFRESH);
    assertThat(refresh).isBetween(END, END + BeaconFollower.MAX_SPREAD_MILLIS);
    assertThat(follower.prefixes()).containsExactly("bcd3b741c3743d98d");
    // a timer that fires early (the wall clock was set back) is asked for again at its time
    assertThat(follower.step(new Timer(Kind.REFRESH), refresh - 1)).containsExactly(
        new Schedule(Kind.REFRESH, refresh));
    assertThat(follower.step(new Timer(Kind.REFRESH), refresh)).containsExactly(new Fetch());
    // while a request is out, another timer does not start a second one
    assertThat(follower.step(new Timer(Kind.REFRESH), refresh + 10)).isEmpty();
  }

  @Test
  void shouldAskAgainWhileTheIssuerStillServesTheOldPeriod() {
    follower.step(new Start(), T);
    follower.step(new Fetched(beacon(T, 600)), T);
    follower.step(new Timer(Kind.REFRESH), END + 5_000);
    List<Action> a = follower.step(new Fetched(beacon(T, 600)), END + 5_100);
    assertThat(a).containsExactly(new Schedule(Kind.REFRESH, END + 6_100));
    follower.step(new Timer(Kind.REFRESH), END + 6_100);
    a = follower.step(new Fetched(beacon(T, 600)), END + 6_200);
    assertThat(a).containsExactly(new Schedule(Kind.REFRESH, END + 8_200));
  }

  @Test
  void shouldServeBothPrefixesForTheOverlapThenLeaveTheOldOne() {
    follower.step(new Start(), T);
    follower.step(new Fetched(beacon(T, 600)), T);
    follower.step(new Timer(Kind.REFRESH), END + 2_000);
    List<Action> a = follower.step(new Fetched(beacon(END, 600)), END + 2_100);
    assertThat(only(a, Join.class).prefix()).isEqualTo("b086169a77f4e3e46");
    assertThat(a).noneMatch(x -> x instanceof Leave);
    long leave = scheduled(a, Kind.LEAVE);
    assertThat(leave).isEqualTo(END + 2_100 + 30_000);
    assertThat(follower.prefixes()).containsExactly("b086169a77f4e3e46", "bcd3b741c3743d98d");
    assertThat(follower.step(new Timer(Kind.LEAVE), leave - 1)).containsExactly(new Schedule(Kind.LEAVE, leave));
    assertThat(follower.step(new Timer(Kind.LEAVE), leave)).containsExactly(new Leave("bcd3b741c3743d98d"));
    assertThat(follower.prefixes()).containsExactly("b086169a77f4e3e46");
  }

  @Test
  void shouldScaleSpreadAndOverlapToAShortPeriod() {
    long t = 1718030100000L; // period 85901505 of 20 s: [1718030100000, 1718030120000)
    follower.step(new Start(), t);
    List<Action> a = follower.step(new Fetched(beacon(t, 20)), t + 10);
    assertThat(scheduled(a, Kind.REFRESH)).isBetween(t + 20_000, t + 22_000);
    follower.step(new Timer(Kind.REFRESH), t + 21_000);
    a = follower.step(new Fetched(beacon(t + 20_000, 20)), t + 21_100);
    assertThat(scheduled(a, Kind.LEAVE)).isEqualTo(t + 21_100 + 10_000);
    // a third prefix before the overlap ended (a fetch that failed for long, then two periods at once): the oldest
    // goes at once
    follower.step(new Timer(Kind.REFRESH), t + 41_000);
    a = follower.step(new Fetched(beacon(t + 40_000, 20)), t + 41_000);
    assertThat(a).contains(new Leave(A.sign(Period.at(t, 20)).prefix()));
    assertThat(follower.prefixes()).hasSize(2);
  }

  @Test
  void shouldReportAFailureOnceAndKeepItsPrefixWhileRetrying() {
    follower.step(new Start(), T);
    follower.step(new Fetched(beacon(T, 600)), T);
    follower.step(new Timer(Kind.REFRESH), END + 1_000);
    List<Action> a = follower.step(new BeaconFollower.FetchFailed("connection refused"), END + 1_000);
    assertThat(only(a, Fault.class).reason()).isEqualTo(BeaconFollower.UNREACHABLE);
    assertThat(scheduled(a, Kind.REFRESH)).isEqualTo(END + 2_000);
    follower.step(new Timer(Kind.REFRESH), END + 2_000);
    a = follower.step(new BeaconFollower.FetchFailed("connection refused"), END + 2_000);
    assertThat(a).containsExactly(new Schedule(Kind.REFRESH, END + 4_000)); // no second fault
    assertThat(follower.prefixes()).containsExactly("bcd3b741c3743d98d");
    follower.step(new Timer(Kind.REFRESH), END + 4_000);
    a = follower.step(new Fetched(beacon(END, 600)), END + 4_000);
    assertThat(a).contains(new Recovered(BeaconFollower.UNREACHABLE));
    assertThat(only(a, Join.class).prefix()).isEqualTo("b086169a77f4e3e46");
  }

  @Test
  void shouldRefuseMissingForeignInvalidAndStaleBeacons() {
    follower.step(new Start(), T);
    List<Action> a = follower.step(new Fetched(null), T);
    assertThat(only(a, Fault.class).reason()).isEqualTo(BeaconFollower.MISSING);
    follower.step(new Timer(Kind.REFRESH), T + 1_000);
    a = follower.step(new Fetched(B.sign(Period.at(T, 600)).text()), T + 1_000);
    assertThat(only(a, Fault.class).reason()).isEqualTo(BeaconFollower.INVALID);
    follower.step(new Timer(Kind.REFRESH), T + 3_000);
    a = follower.step(new Fetched("1.600.12." + "0".repeat(128)), T + 3_000);
    assertThat(a).noneMatch(x -> x instanceof Join); // same reason as before: no second fault
    follower.step(new Timer(Kind.REFRESH), T + 7_000);
    Beacon old = A.sign(Period.at(T - 1_200_000, 600));
    a = follower.step(new Fetched(old.text()), T + 7_000);
    assertThat(only(a, Fault.class).reason()).isEqualTo(BeaconFollower.STALE);
    assertThat(follower.prefixes()).isEmpty();
    // the previous period's beacon is still usable (a cache, or an issuer a little behind)
    follower.step(new Timer(Kind.REFRESH), T + 15_000);
    a = follower.step(new Fetched(A.sign(Period.at(T - 600_000, 600)).text()), T + 15_000);
    assertThat(a).contains(new Recovered(BeaconFollower.STALE));
    assertThat(only(a, Join.class)).isNotNull();
  }
}
