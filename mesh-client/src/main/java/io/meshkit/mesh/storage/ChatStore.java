package io.meshkit.mesh.storage;

import io.meshkit.mesh.contacts.ChatMessage;
import io.meshkit.mesh.contacts.Contact;
import io.meshkit.mesh.identity.IdentityKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Contacts and chat history in SQLite ({@value #FILE} in the data directory), through sqlite-jdbc.
 *
 * <p><b>Durability.</b> The contacts core acknowledges a received message, and tells the user a message is queued, only
 * after the effect that stores it; this class makes "stored" mean "on disk": every write is one transaction, committed
 * before the method returns, with {@code journal_mode=WAL} and {@code synchronous=FULL}. In WAL mode, {@code NORMAL}
 * survives a process crash ({@code kill -9}) but may lose the last commits on a power cut or an OS crash, because the
 * WAL is then synced only at checkpoints; an acknowledgement is a promise to another person that the message is kept,
 * so each commit syncs the WAL ({@code FULL}). The cost, one fsync per message, is nothing at chat rates.
 *
 * <p>Not thread-safe: the runtime uses it from its one event loop.
 */
public final class ChatStore implements AutoCloseable {
  /** File name of the database. */
  public static final String FILE = "chat.db";
  private static final int SCHEMA = 1;

  private final Connection db;

  private ChatStore(Connection db) {
    this.db = db;
  }

  /** Opens (creating if needed) the database in {@code dir}. */
  public static ChatStore open(Path dir) throws SQLException {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new SQLException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FILE));
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA foreign_keys=ON");
      s.execute("PRAGMA busy_timeout=5000");
      int version;
      try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
        version = r.next() ? r.getInt(1) : 0;
      }
      if (version > SCHEMA) {
        c.close();
        throw new SQLException(dir.resolve(FILE) + " was written by a newer client (schema " + version + ")");
      }
      s.execute("CREATE TABLE IF NOT EXISTS contacts ("
          + " fingerprint TEXT PRIMARY KEY, key TEXT NOT NULL, name TEXT NOT NULL, transport_id TEXT,"
          + " discovery_uuid TEXT, last_seen INTEGER NOT NULL, verified INTEGER NOT NULL, blacklist TEXT NOT NULL,"
          + " next_seq INTEGER NOT NULL, last_received_seq INTEGER NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS messages ("
          + " contact TEXT NOT NULL REFERENCES contacts(fingerprint), outgoing INTEGER NOT NULL, id TEXT NOT NULL,"
          + " seq INTEGER NOT NULL, sent INTEGER NOT NULL, text TEXT NOT NULL, stored_at INTEGER NOT NULL,"
          + " delivered_at INTEGER, PRIMARY KEY (contact, outgoing, seq))");
      s.execute("CREATE INDEX IF NOT EXISTS queued ON messages(contact, seq) WHERE outgoing = 1 AND delivered_at IS NULL");
      s.execute("PRAGMA user_version=" + SCHEMA);
    }
    c.setAutoCommit(true);
    return new ChatStore(c);
  }

  /** Inserts or replaces a contact. */
  public void saveContact(Contact c) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("INSERT INTO contacts VALUES (?,?,?,?,?,?,?,?,?,?)"
        + " ON CONFLICT(fingerprint) DO UPDATE SET name=excluded.name, transport_id=excluded.transport_id,"
        + " discovery_uuid=excluded.discovery_uuid, last_seen=excluded.last_seen, verified=excluded.verified,"
        + " blacklist=excluded.blacklist, next_seq=excluded.next_seq,"
        + " last_received_seq=excluded.last_received_seq")) {
      bindContact(p, c);
      p.executeUpdate();
    }
  }

  /** Stores an outgoing message as queued, with the contact's new next sequence number, in one transaction. */
  public void saveOutgoing(ChatMessage m, Contact c, long storedAt) throws SQLException {
    transaction(() -> {
      saveContact(c);
      insert(m, storedAt);
    });
  }

  /** Stores a received message with the contact's new last sequence number, in one transaction. */
  public void saveIncoming(ChatMessage m, Contact c, long storedAt) throws SQLException {
    transaction(() -> {
      saveContact(c);
      insert(m, storedAt);
    });
  }

  /** Marks our message {@code id} to {@code contact} delivered. */
  public void markDelivered(String contact, String id, long at) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(
        "UPDATE messages SET delivered_at=? WHERE contact=? AND outgoing=1 AND id=? AND delivered_at IS NULL")) {
      p.setLong(1, at);
      p.setString(2, contact);
      p.setString(3, id);
      p.executeUpdate();
    }
  }

  /** Every stored contact. */
  public List<Contact> contacts() throws SQLException {
    List<Contact> out = new ArrayList<>();
    try (Statement s = db.createStatement();
         ResultSet r = s.executeQuery("SELECT key, name, transport_id, discovery_uuid, last_seen, verified,"
             + " blacklist, next_seq, last_received_seq FROM contacts ORDER BY rowid")) {
      while (r.next()) {
        IdentityKey key = IdentityKey.parseHex(r.getString(1))
            .orElseThrow(() -> new SQLException("a stored contact key is not a P-256 key"));
        String bl = r.getString(7);
        out.add(new Contact(key, r.getString(2), r.getString(3), r.getString(4), r.getLong(5), r.getInt(6) != 0,
            bl.isEmpty() ? List.of() : Arrays.asList(bl.split("\n")), r.getLong(8), r.getLong(9)));
      }
    }
    return out;
  }

  /** Outgoing messages not delivered yet, lowest sequence number first per contact. */
  public List<ChatMessage> queued() throws SQLException {
    return query("SELECT contact, outgoing, id, seq, sent, text FROM messages WHERE outgoing=1 AND delivered_at IS NULL"
        + " ORDER BY contact, seq", null, -1);
  }

  /** The last {@code limit} messages with {@code contact}, oldest first, in the order they were stored. */
  public List<ChatMessage> history(String contact, int limit) throws SQLException {
    List<ChatMessage> newestFirst = query("SELECT contact, outgoing, id, seq, sent, text FROM messages WHERE contact=?"
        + " ORDER BY rowid DESC LIMIT ?", contact, limit);
    List<ChatMessage> out = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(out);
    return out;
  }

  /** Whether our message {@code id} to {@code contact} was delivered. */
  public boolean delivered(String contact, String id) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(
        "SELECT delivered_at IS NOT NULL FROM messages WHERE contact=? AND outgoing=1 AND id=?")) {
      p.setString(1, contact);
      p.setString(2, id);
      try (ResultSet r = p.executeQuery()) {
        return r.next() && r.getInt(1) != 0;
      }
    }
  }

  private List<ChatMessage> query(String sql, String contact, int limit) throws SQLException {
    List<ChatMessage> out = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement(sql)) {
      if (contact != null) {
        p.setString(1, contact);
        p.setInt(2, limit);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new ChatMessage(r.getString(1), r.getInt(2) != 0, r.getString(3), r.getLong(4), r.getLong(5),
              r.getString(6)));
        }
      }
    }
    return out;
  }

  private void insert(ChatMessage m, long storedAt) throws SQLException {
    // OR IGNORE: the core stores a message once (by sequence number); a repeat would be a duplicate, never new data.
    try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO messages (contact, outgoing, id, seq, sent,"
        + " text, stored_at) VALUES (?,?,?,?,?,?,?)")) {
      p.setString(1, m.contact());
      p.setInt(2, m.outgoing() ? 1 : 0);
      p.setString(3, m.id());
      p.setLong(4, m.seq());
      p.setLong(5, m.sent());
      p.setString(6, m.text());
      p.setLong(7, storedAt);
      p.executeUpdate();
    }
  }

  private static void bindContact(PreparedStatement p, Contact c) throws SQLException {
    p.setString(1, c.fingerprint());
    p.setString(2, c.key().hex());
    p.setString(3, c.name());
    p.setString(4, c.transportId());
    p.setString(5, c.discoveryUuid());
    p.setLong(6, c.lastSeen());
    p.setInt(7, c.verified() ? 1 : 0);
    p.setString(8, String.join("\n", c.blacklist()));
    p.setLong(9, c.nextSeq());
    p.setLong(10, c.lastReceivedSeq());
  }

  private interface Work {
    void run() throws SQLException;
  }

  private void transaction(Work w) throws SQLException {
    db.setAutoCommit(false);
    try {
      w.run();
      db.commit();
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
