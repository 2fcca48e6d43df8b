package io.meshkit.mesh.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.contacts.ChatMessage;
import io.meshkit.mesh.contacts.Contact;
import io.meshkit.mesh.identity.IdentityVectors;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatStoreTest {
  @TempDir
  Path dir;

  @Test
  void shouldKeepContactsQueuedAndReceivedMessagesAcrossReopening() throws Exception {
    Contact bob = Contact.create(IdentityVectors.responder().publicKey(), "bob", "mesh-b1", "bbbbbbbb-uuid", 5)
        .blacklisting("mesh-evil");
    String fp = bob.fingerprint();
    try (ChatStore s = ChatStore.open(dir)) {
      s.saveContact(bob);
      s.saveOutgoing(new ChatMessage(fp, true, "m1", 1, 10, "one"), bob.withNextSeq(2), 11);
      s.saveOutgoing(new ChatMessage(fp, true, "m2", 2, 12, "two"), bob.withNextSeq(3), 13);
      s.saveIncoming(new ChatMessage(fp, false, "r1", 1, 14, "hi\nthere"), bob.withNextSeq(3).withLastReceivedSeq(1),
          15);
      s.markDelivered(fp, "m1", 16);
    }
    try (ChatStore s = ChatStore.open(dir)) {
      assertThat(s.contacts()).singleElement().satisfies(c -> {
        assertThat(c.key()).isEqualTo(bob.key());
        assertThat(c.nextSeq()).isEqualTo(3);
        assertThat(c.lastReceivedSeq()).isEqualTo(1);
        assertThat(c.blacklist()).containsExactly("mesh-evil");
        assertThat(c.transportId()).isEqualTo("mesh-b1");
      });
      assertThat(s.queued()).extracting(ChatMessage::id).containsExactly("m2");
      assertThat(s.history(fp, 10)).extracting(ChatMessage::text).containsExactly("one", "two", "hi\nthere");
      assertThat(s.history(fp, 2)).extracting(ChatMessage::text).containsExactly("two", "hi\nthere");
      assertThat(s.delivered(fp, "m1")).isTrue();
      assertThat(s.delivered(fp, "m2")).isFalse();
    }
  }

  @Test
  void shouldRunInWalModeWithFullSync() throws Exception {
    try (ChatStore s = ChatStore.open(dir);
         var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(ChatStore.FILE));
         Statement st = c.createStatement()) {
      try (ResultSet r = st.executeQuery("PRAGMA journal_mode")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("wal");
      }
      assertThat(s.queued()).isEqualTo(List.of());
    }
  }
}
