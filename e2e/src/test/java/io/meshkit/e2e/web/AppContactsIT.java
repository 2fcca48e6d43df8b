package io.meshkit.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.lab.Await;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two tabs of the app served by the kit become contacts through the request prompt (after the identity
 * handshake, docs/PROTOCOL.md §13.1), see the same safety number, and chat both ways; a reload keeps the
 * identity, the contact and the history; once loaded the app also opens offline (service worker), with its
 * saved contacts and history from IndexedDB.
 */
class AppContactsIT {
    static final Duration STEP = Duration.ofSeconds(60);

    @Test
    @Timeout(360)
    void twoTabsBecomeContactsChatAndKeepEverythingAcrossReloads() {
        try (AppBrowser browser = AppBrowser.start()) {
            AppPage alice = browser.open("alice").start();
            AppPage bob = browser.open("bob").start();
            List<AppPage> both = List.of(alice, bob);
            Await.until(() -> alice.strangers().equals(Set.of("bob")) && bob.strangers().equals(Set.of("alice")), STEP,
                    () -> MeshGroups.describe(both));
            String aliceKey = alice.fingerprint();
            String bobKey = bob.fingerprint();
            assertThat(aliceKey).matches("[0-9a-f]{64}").isNotEqualTo(bobKey);

            // alice asks, with the keyboard: the first control after the skip link is bob's Connect; bob sees who
            // asks (her key, the safety number) and accepts, with the keyboard too.
            assertThat(alice.tabOrder(2)).containsExactly("Skip to the lists", "Connect with bob");
            alice.page.keyboard().press("Enter");
            Await.until(() -> bob.hasRequestFrom("alice") && bob.requestText("alice").matches("(?s).*Safety number \\d{5}.*"),
                    STEP, () -> MeshGroups.describe(both));
            assertThat(bob.requestText("alice")).contains("alice wants to become your contact")
                    .contains("Key " + aliceKey.substring(0, 16));
            bob.screenshot("request.png");
            assertThat(bob.tabOrder(3)).containsExactly("Skip to the lists", "Accept alice", "Reject alice");
            bob.page.keyboard().press("Shift+Tab");
            bob.page.keyboard().press("Enter");
            Await.until(() -> alice.contactsHere().equals(Set.of("bob")) && bob.contactsHere().equals(Set.of("alice")),
                    STEP, () -> MeshGroups.describe(both));
            assertThat(alice.strangers()).isEmpty();

            // chat both ways; each message is shown once and marked delivered when the other side stored it
            alice.openChat("bob");
            alice.send("hello bob");
            bob.openChat("alice");
            Await.until(() -> bob.chat().equals(List.of("in:hello bob")), STEP, () -> MeshGroups.describe(both));
            bob.send("hi alice, ça va?\nsecond line");
            Await.until(() -> alice.chat().equals(List.of("out:hello bob (delivered)", "in:hi alice, ça va?\nsecond line")),
                    STEP, () -> MeshGroups.describe(both) + alice.chat());
            Await.until(() -> bob.chat().equals(List.of("in:hello bob", "out:hi alice, ça va?\nsecond line (delivered)")),
                    STEP, () -> MeshGroups.describe(both) + bob.chat());
            alice.screenshot("chat.png");

            // the same safety number on both screens
            String safety = alice.safetyNumber();
            alice.screenshot("safety-number.png");
            alice.closeDialog();
            assertThat(bob.safetyNumber()).isEqualTo(safety);
            bob.button("Mark as verified").click();
            Await.until(() -> bob.page.locator("#safety-state").textContent().startsWith("You marked"), STEP, bob::describe);
            bob.closeDialog();
            bob.back();

            // a reload keeps the identity, the contact (and its verified mark) and the history
            bob.reload();
            Await.until(() -> bob.status().startsWith("Router:") && bob.contactsHere().equals(Set.of("alice")), STEP,
                    () -> MeshGroups.describe(both));
            assertThat(bob.fingerprint()).isEqualTo(bobKey);
            assertThat(bob.page.locator("#here-list li.contact").textContent()).contains("verified");
            bob.openChat("alice");
            Await.until(() -> bob.chat().equals(List.of("in:hello bob", "out:hi alice, ça va?\nsecond line (delivered)")), STEP,
                    () -> bob.describe() + bob.chat());
            // … and the link comes back: a message after the reload arrives
            bob.send("back again");
            Await.until(() -> alice.chat().size() == 3 && alice.chat().get(2).equals("in:back again"), STEP,
                    () -> MeshGroups.describe(both) + alice.chat());

            // offline, once loaded: the service worker serves the app, IndexedDB the contacts and history
            bob.context.setOffline(true);
            bob.reload();
            Await.until(() -> bob.saved().equals(Set.of("alice")), STEP, bob::describe);
            assertThat(bob.fingerprint()).isEqualTo(bobKey);
            bob.openChat("alice");
            Await.until(() -> bob.chat().size() == 3, STEP, () -> bob.describe() + bob.chat());
            bob.send("sent while offline");
            Await.until(() -> bob.chat().size() == 4, STEP, bob::describe);
            assertThat(bob.chat().get(3)).isEqualTo("out:sent while offline (queued)");
            bob.screenshot("offline.png");
            // back online: the queued message goes out by itself (the app looks for its network again on "online")
            bob.context.setOffline(false);
            Await.until(() -> alice.chat().size() == 4 && alice.chat().get(3).equals("in:sent while offline"),
                    Duration.ofSeconds(90), () -> MeshGroups.describe(both) + alice.chat());
            Await.until(() -> bob.chat().get(3).equals("out:sent while offline (delivered)"), STEP, bob::describe);
            // four-byte characters arrive as sent
            alice.send("welcome back 👋🏽");
            Await.until(() -> bob.chat().size() == 5 && bob.chat().get(4).equals("in:welcome back 👋🏽"), STEP,
                    () -> MeshGroups.describe(both) + bob.chat());
        }
    }
}
