package io.meshkit.mesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactMessage;
import io.meshkit.mesh.contacts.ContactNotification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Becoming special contacts and ending it (docs/PROTOCOL.md §13.2.6), between two real nodes whose special-contact
 * messages travel as the contacts core would carry them: both must agree, both derive the same secret (stored before
 * anything is said), either can end it, and a pair is special on both sides or on neither.
 */
class SpecialAgreementTest {
  private final RendezvousHarness a = new RendezvousHarness(1);
  private final RendezvousHarness b = new RendezvousHarness(2);
  private final String aFp = RendezvousHarness.fp(a.me);
  private final String bFp = RendezvousHarness.fp(b.me);
  private int aSeen;
  private int bSeen;
  private boolean linkUp = true;

  SpecialAgreementTest() {
    a.list(b.me, "bob", true);
    b.list(a.me, "alice", true);
    a.start();
    b.start();
  }

  /** Carries special-contact messages each way (while the link is up) until nothing moves. */
  private void exchange() {
    for (int round = 0; round < 10; round++) {
      List<ContactMessage> toB = sent(a, aSeen, bFp);
      List<ContactMessage> toA = sent(b, bSeen, aFp);
      aSeen = a.all.size();
      bSeen = b.all.size();
      if (toB.isEmpty() && toA.isEmpty()) {
        return;
      }
      if (linkUp) {
        toB.forEach(m -> b.tell(new ContactNotification.Special(aFp, m)));
        toA.forEach(m -> a.tell(new ContactNotification.Special(bFp, m)));
      }
    }
  }

  private static List<ContactMessage> sent(RendezvousHarness h, int from, String to) {
    return h.all.subList(from, h.all.size()).stream()
        .filter(e -> e instanceof RendezvousEffect.ToContacts t && t.event() instanceof ContactEvent.SendSpecial sp
            && sp.contact().equals(to))
        .map(e -> ((ContactEvent.SendSpecial) ((RendezvousEffect.ToContacts) e).event()).message()).toList();
  }

  private static byte[] secret(RendezvousHarness h) {
    return h.node.specials().get(0).secret();
  }

  @Test
  void shouldAgreeOnOneSecretWhenBothUsersSayYes() {
    a.step(new RendezvousEvent.MakeSpecial(bFp));
    exchange();
    assertThat(b.notified(RendezvousNotification.SpecialRequested.class))
        .containsExactly(new RendezvousNotification.SpecialRequested(aFp, "alice"));
    assertThat(a.node.specials()).isEmpty();
    assertThat(b.node.specials()).as("nothing until b's user agrees").isEmpty();
    b.step(new RendezvousEvent.MakeSpecial(aFp));
    // b stores the secret before its accept goes out.
    int save = indexOf(b.last, RendezvousEffect.SaveSpecial.class);
    int send = indexOfSend(b.last, ContactMessage.SpecialAccept.class);
    assertThat(save).isGreaterThanOrEqualTo(0).isLessThan(send);
    exchange();
    assertThat(secret(a)).hasSize(32).isEqualTo(secret(b));
    assertThat(a.node.specials().get(0).key()).isEqualTo(b.me.publicKey());
    assertThat(a.notified(RendezvousNotification.SpecialChanged.class))
        .containsExactly(new RendezvousNotification.SpecialChanged(bFp, true, "agreed"));
    assertThat(b.notified(RendezvousNotification.SpecialChanged.class))
        .containsExactly(new RendezvousNotification.SpecialChanged(aFp, true, "agreed"));
  }

  @Test
  void shouldAgreeWhenBothAskAtOnce() {
    a.step(new RendezvousEvent.MakeSpecial(bFp));
    b.step(new RendezvousEvent.MakeSpecial(aFp));
    exchange();
    assertThat(a.node.specials()).hasSize(1);
    assertThat(secret(a)).isEqualTo(secret(b));
    assertThat(b.notified(RendezvousNotification.SpecialRequested.class)).isEmpty();
  }

  @Test
  void shouldTellTheAskerWhenTheOtherDeclines() {
    a.step(new RendezvousEvent.MakeSpecial(bFp));
    exchange();
    b.step(new RendezvousEvent.DeclineSpecial(aFp));
    exchange();
    assertThat(a.notified(RendezvousNotification.SpecialChanged.class))
        .containsExactly(new RendezvousNotification.SpecialChanged(bFp, false, "declined"));
    assertThat(a.node.specials()).isEmpty();
    assertThat(b.node.specials()).isEmpty();
  }

  @Test
  void shouldForgetTheSecretOnBothSidesWhenEitherEndsIt() {
    shouldAgreeOnOneSecretWhenBothUsersSayYes();
    b.step(new RendezvousEvent.EndSpecial(aFp));
    assertThat(b.lastOf(RendezvousEffect.DeleteSpecial.class)).containsExactly(new RendezvousEffect.DeleteSpecial(aFp));
    exchange();
    assertThat(a.node.specials()).isEmpty();
    assertThat(a.allOf(RendezvousEffect.DeleteSpecial.class)).containsExactly(new RendezvousEffect.DeleteSpecial(bFp));
    assertThat(a.notified(RendezvousNotification.SpecialChanged.class))
        .contains(new RendezvousNotification.SpecialChanged(bFp, false, "ended-by-contact"));
  }

  @Test
  void shouldSendTheOfferOnTheNextLinkWhenNoneIsUp() {
    a.list(b.me, "bob", false);
    linkUp = false;
    a.step(new RendezvousEvent.MakeSpecial(bFp));
    assertThat(a.lastToContacts()).containsExactly(new ContactEvent.Ping(bFp));
    exchange();
    assertThat(b.notified(RendezvousNotification.SpecialRequested.class)).isEmpty();
    linkUp = true;
    a.list(b.me, "bob", true);
    exchange();
    assertThat(b.notified(RendezvousNotification.SpecialRequested.class)).hasSize(1);
  }

  @Test
  void shouldEndAPairThatOnlyOneSideStillHolds() {
    shouldAgreeOnOneSecretWhenBothUsersSayYes();
    // b lost its store (a crash between the two sides' writes, say): a's check on the next link ends it on a's side.
    RendezvousHarness fresh = new RendezvousHarness(2);
    fresh.list(a.me, "alice", true);
    fresh.start();
    a.list(b.me, "bob", false);
    a.list(b.me, "bob", true); // a new link: a sends its check
    List<ContactMessage> toB = sent(a, aSeen, bFp);
    assertThat(toB).hasSize(1).first().isInstanceOf(ContactMessage.SpecialCheck.class);
    fresh.tell(new ContactNotification.Special(aFp, toB.get(0)));
    assertThat(fresh.toContacts()).contains(new ContactEvent.SendSpecial(aFp, new ContactMessage.SpecialEnd()));
    a.tell(new ContactNotification.Special(bFp, new ContactMessage.SpecialEnd()));
    assertThat(a.node.specials()).isEmpty();
    assertThat(a.notified(RendezvousNotification.SpecialChanged.class))
        .contains(new RendezvousNotification.SpecialChanged(bFp, false, "ended-by-contact"));
  }

  @Test
  void shouldEndBothWhenTheChecksDiffer() {
    shouldAgreeOnOneSecretWhenBothUsersSayYes();
    byte[] wrong = new byte[16];
    a.tell(new ContactNotification.Special(bFp, new ContactMessage.SpecialCheck(wrong)));
    assertThat(a.node.specials()).isEmpty();
    assertThat(a.notified(RendezvousNotification.SpecialChanged.class))
        .contains(new RendezvousNotification.SpecialChanged(bFp, false, "mismatch"));
    assertThat(a.toContacts()).contains(new ContactEvent.SendSpecial(bFp, new ContactMessage.SpecialEnd()));
  }

  @Test
  void shouldAcceptMatchingChecksSilently() {
    shouldAgreeOnOneSecretWhenBothUsersSayYes();
    a.list(b.me, "bob", false);
    b.list(a.me, "alice", false);
    a.list(b.me, "bob", true);
    b.list(a.me, "alice", true);
    exchange();
    assertThat(a.node.specials()).hasSize(1);
    assertThat(b.node.specials()).hasSize(1);
  }

  @Test
  void shouldLetAnOfferLapseAfterTenMinutes() {
    a.step(new RendezvousEvent.MakeSpecial(bFp));
    exchange();
    a.advanceBy(RendezvousConfig.defaults().offerTimeoutMillis());
    b.advanceBy(RendezvousConfig.defaults().offerTimeoutMillis());
    assertThat(a.notified(RendezvousNotification.SpecialChanged.class))
        .containsExactly(new RendezvousNotification.SpecialChanged(bFp, false, "no-answer"));
    b.step(new RendezvousEvent.MakeSpecial(aFp)); // too late: a new offer, not an answer
    exchange();
    assertThat(a.notified(RendezvousNotification.SpecialRequested.class)).hasSize(1);
    assertThat(a.node.specials()).isEmpty();
  }

  @Test
  void shouldRefuseCommandsForStrangersAndRepeats() {
    a.step(new RendezvousEvent.MakeSpecial("0".repeat(64)));
    assertThat(a.notified(RendezvousNotification.CommandFailed.class)).hasSize(1);
    a.step(new RendezvousEvent.EndSpecial(bFp));
    assertThat(a.notified(RendezvousNotification.CommandFailed.class)).hasSize(2);
    a.step(new RendezvousEvent.MakeSpecial(bFp));
    a.step(new RendezvousEvent.MakeSpecial(bFp));
    assertThat(a.notified(RendezvousNotification.CommandFailed.class)).hasSize(3);
  }

  private static int indexOf(List<RendezvousEffect> effects, Class<?> type) {
    for (int i = 0; i < effects.size(); i++) {
      if (type.isInstance(effects.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfSend(List<RendezvousEffect> effects, Class<?> message) {
    for (int i = 0; i < effects.size(); i++) {
      if (effects.get(i) instanceof RendezvousEffect.ToContacts t && t.event() instanceof ContactEvent.SendSpecial sp
          && message.isInstance(sp.message())) {
        return i;
      }
    }
    return -1;
  }
}
