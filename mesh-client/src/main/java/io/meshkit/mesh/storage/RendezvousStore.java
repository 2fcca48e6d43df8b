package io.meshkit.mesh.storage;

import io.meshkit.mesh.identity.IdentityKey;
import io.meshkit.mesh.rendezvous.SpecialContact;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Special contacts and their shared secrets (docs/PROTOCOL.md §13.2.6) in SQLite ({@value #FILE} in the data
 * directory). A secret is worth as much as the identity key (whoever holds it can find the pair's namespaces and squat
 * them), so the file is kept like {@code identity.pem}: created with owner-only permissions (0600; SQLite gives its
 * WAL and shared-memory files the database's permissions), and refused at open when anyone else may read it. Apart
 * from the chat database on purpose: that one holds nothing that needs more than the data directory's protection.
 * Every write is one committed transaction ({@code journal_mode=WAL}, {@code synchronous=FULL}), done before the
 * agreement is sent or told.
 *
 * <p>Not thread-safe: the runtime uses it from its one event loop.
 */
public final class RendezvousStore implements AutoCloseable {
  /** File name of the database. */
  public static final String FILE = "rendezvous.db";
  private static final int SCHEMA = 1;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private final Connection db;

  private RendezvousStore(Connection db) {
    this.db = db;
  }

  /** Opens (creating, owner-only, if needed) the database in {@code dir}. */
  public static RendezvousStore open(Path dir) throws IOException, SQLException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException exists) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        throw new IOException(file + " is readable by others (" + PosixFilePermissions.toString(perms)
            + "); run chmod 600 on it");
      }
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA busy_timeout=5000");
      int version;
      try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
        version = r.next() ? r.getInt(1) : 0;
      }
      if (version > SCHEMA) {
        c.close();
        throw new SQLException(file + " was written by a newer client (schema " + version + ")");
      }
      s.execute("CREATE TABLE IF NOT EXISTS special ("
          + " fingerprint TEXT PRIMARY KEY, key TEXT NOT NULL, secret BLOB NOT NULL, since INTEGER NOT NULL,"
          + " last_seen INTEGER NOT NULL, paused INTEGER NOT NULL, pause_asked_at INTEGER NOT NULL)");
      s.execute("PRAGMA user_version=" + SCHEMA);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new RendezvousStore(c);
  }

  /** Inserts or replaces a special contact. */
  public void save(SpecialContact c) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("INSERT INTO special VALUES (?,?,?,?,?,?,?)"
        + " ON CONFLICT(fingerprint) DO UPDATE SET key=excluded.key, secret=excluded.secret, since=excluded.since,"
        + " last_seen=excluded.last_seen, paused=excluded.paused, pause_asked_at=excluded.pause_asked_at")) {
      p.setString(1, c.fingerprint());
      p.setString(2, c.key().hex());
      p.setBytes(3, c.secret());
      p.setLong(4, c.since());
      p.setLong(5, c.lastSeen());
      p.setInt(6, c.paused() ? 1 : 0);
      p.setLong(7, c.pauseAskedAt());
      p.executeUpdate();
    }
  }

  /** Forgets a special contact and its secret. */
  public void delete(String fingerprint) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("DELETE FROM special WHERE fingerprint = ?")) {
      p.setString(1, fingerprint);
      p.executeUpdate();
    }
  }

  /** Every special contact; a row that does not read back as one (a damaged key or secret) is an error. */
  public List<SpecialContact> all() throws SQLException {
    List<SpecialContact> out = new ArrayList<>();
    try (Statement s = db.createStatement();
         ResultSet r = s.executeQuery("SELECT key, secret, since, last_seen, paused, pause_asked_at FROM special"
             + " ORDER BY since, fingerprint")) {
      while (r.next()) {
        IdentityKey key = IdentityKey.parseHex(r.getString(1))
            .orElseThrow(() -> new SQLException("a stored special contact has an invalid key"));
        try {
          out.add(new SpecialContact(key, r.getBytes(2), r.getLong(3), r.getLong(4), r.getInt(5) != 0,
              r.getLong(6)));
        } catch (IllegalArgumentException e) {
          throw new SQLException("a stored special contact is invalid: " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
