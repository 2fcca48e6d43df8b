package io.meshkit.mesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.contacts.ContactNotification;
import io.meshkit.mesh.identity.Identity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The namespaces a client holds (docs/PROTOCOL.md §13.2.2–§13.2.3) over hours of fake time: never more than the
 * budget, every sought contact gets its turn, two contacts with more candidates than budget pick their pair together
 * far more often than chance, clocks 2 minutes apart always share a namespace, and long-unseen contacts are looked
 * for in fewer slots.
 */
class RendezvousBudgetTest {
  private static final long DAY = 24L * 3600 * 1000;

  private static byte[] secret(SplittableRandom r) {
    byte[] s = new byte[32];
    r.nextBytes(s);
    return s;
  }

  /** A node seeking every one of {@code others} (all unreachable), with the given secrets. */
  private static RendezvousHarness seekingAll(long seed, long wallOffset, RendezvousConfig cfg,
                                              Map<Identity, byte[]> others, long lastSeenAgo) {
    List<SpecialContact> stored = new ArrayList<>();
    others.forEach((who, s) -> stored.add(new SpecialContact(who.publicKey(), s, 0,
        RendezvousHarness.WALL - lastSeenAgo, false, 0)));
    RendezvousHarness h = new RendezvousHarness(seed, wallOffset, cfg, stored);
    others.keySet().forEach(who -> h.list(who, "c" + RendezvousHarness.fp(who).substring(0, 4), false));
    h.start();
    others.keySet().forEach(who -> h.tell(new ContactNotification.Unreachable(RendezvousHarness.fp(who), "x")));
    return h;
  }

  @Test
  void shouldNeverHoldMoreThanTheBudgetAndGiveEveryContactItsTurn() {
    SplittableRandom r = new SplittableRandom(5);
    Map<Identity, byte[]> others = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      others.put(RendezvousHarness.identity(100 + i), secret(r));
    }
    RendezvousHarness a = seekingAll(1, 0, RendezvousConfig.defaults(), others, 0);
    Set<String> served = new HashSet<>();
    int maxHeld = 0;
    int minHeld = Integer.MAX_VALUE;
    for (int minute = 0; minute < 8 * 60; minute++) {
      a.advanceBy(60_000);
      maxHeld = Math.max(maxHeld, a.meshNamespaces.size());
      minHeld = Math.min(minHeld, a.meshNamespaces.size());
      assertThat(a.meshNamespaces.size()).isLessThanOrEqualTo(RendezvousConfig.defaults().budget());
      a.meshNamespaces.keySet().forEach(l -> served.add(l.substring(3, 19)));
    }
    assertThat(maxHeld).isEqualTo(4);
    assertThat(minHeld).as("10 candidates for 4 places: some are always held").isGreaterThan(0);
    assertThat(served).as("every contact held at some time").hasSize(10);
  }

  @Test
  void shouldPickTheirPairTogetherMoreOftenThanChance() {
    // a and b are special to each other and each has 7 other sought contacts: 8 candidates for a budget of 4.
    SplittableRandom r = new SplittableRandom(9);
    Identity aId = RendezvousHarness.identity(1);
    Identity bId = RendezvousHarness.identity(2);
    byte[] ab = secret(r);
    Map<Identity, byte[]> aOthers = new HashMap<>();
    Map<Identity, byte[]> bOthers = new HashMap<>();
    aOthers.put(bId, ab);
    bOthers.put(aId, ab);
    for (int i = 0; i < 7; i++) {
      aOthers.put(RendezvousHarness.identity(200 + i), secret(r));
      bOthers.put(RendezvousHarness.identity(300 + i), secret(r));
    }
    RendezvousHarness a = seekingAll(1, 0, RendezvousConfig.defaults(), aOthers, 0);
    RendezvousHarness b = seekingAll(2, 0, RendezvousConfig.defaults(), bOthers, 0);
    int together = 0;
    int aHeld = 0;
    int bHeld = 0;
    int slots = 300;
    String aPair = "rv-" + RendezvousHarness.fp(bId).substring(0, 16);
    String bPair = "rv-" + RendezvousHarness.fp(aId).substring(0, 16);
    for (int i = 0; i < slots; i++) {
      a.advanceBy(TimeSlot.MILLIS);
      b.advanceBy(TimeSlot.MILLIS);
      assertThat(a.meshNamespaces.size()).isLessThanOrEqualTo(4);
      Set<String> shared = new HashSet<>(a.meshNamespaces.values());
      shared.retainAll(b.meshNamespaces.values());
      together += shared.isEmpty() ? 0 : 1;
      aHeld += a.meshNamespaces.keySet().stream().anyMatch(l -> l.startsWith(aPair)) ? 1 : 0;
      bHeld += b.meshNamespaces.keySet().stream().anyMatch(l -> l.startsWith(bPair)) ? 1 : 0;
    }
    double pa = aHeld / (double) slots;
    double pb = bHeld / (double) slots;
    double joint = together / (double) slots;
    System.out.printf("pair held by a in %.3f of the slots, by b in %.3f, by both in %.3f%n", pa, pb, joint);
    // Each side holds its pair in about half the slots (4 of 8 candidates). Independent choices would meet in about
    // pa × pb of them; the shared priority and the bar make them meet whenever both can.
    assertThat(pa).isBetween(0.3, 0.7);
    assertThat(pb).isBetween(0.3, 0.7);
    assertThat(joint).isGreaterThan(0.9 * Math.min(pa, pb));
  }

  @Test
  void shouldAlwaysShareANamespaceWhenClocksAreTwoMinutesApart() {
    for (long skew : new long[] {-RendezvousSchedule.DEFAULT_SKEW_MILLIS, RendezvousSchedule.DEFAULT_SKEW_MILLIS,
        -45_000, 100_000}) {
      byte[] s = secret(new SplittableRandom(skew));
      Identity aId = RendezvousHarness.identity(1);
      Identity bId = RendezvousHarness.identity(2);
      RendezvousHarness a = seekingAll(1, 0, RendezvousConfig.defaults(), Map.of(bId, s), 0);
      RendezvousHarness b = seekingAll(2, skew, RendezvousConfig.defaults(), Map.of(aId, s), 0);
      for (int step = 0; step < 2 * 3600; step++) {
        a.advanceBy(1_000);
        b.advanceBy(1_000);
        Set<String> shared = new HashSet<>(a.meshNamespaces.values());
        shared.retainAll(b.meshNamespaces.values());
        assertThat(shared).as("skew %d ms, %d s in", skew, step).isNotEmpty();
      }
    }
  }

  @Test
  void shouldLookForLongUnseenContactsInFewerSlots() {
    Identity bId = RendezvousHarness.identity(2);
    byte[] s = secret(new SplittableRandom(3));
    RendezvousHarness a = seekingAll(1, 0, RendezvousConfig.defaults(), Map.of(bId, s), 3 * DAY);
    int phase = RendezvousSchedule.phase(s);
    int held = 0;
    for (int i = 0; i < 64; i++) {
      // Mid-slot (the harness starts mid-slot): only the current slot can be held, and only when eligible at level
      // 2 (one slot in 4).
      a.advanceBy(TimeSlot.MILLIS);
      boolean eligible = RendezvousSchedule.eligible(phase, TimeSlot.at(a.wall()), 2);
      assertThat(!a.meshNamespaces.isEmpty()).as("slot %d", i).isEqualTo(eligible);
      held += eligible ? 1 : 0;
    }
    assertThat(held).isEqualTo(16);
  }
}
