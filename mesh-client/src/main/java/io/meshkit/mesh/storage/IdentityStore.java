package io.meshkit.mesh.storage;

import io.meshkit.mesh.identity.Identity;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The identity key in the data directory: {@value #FILE}, a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}, what
 * {@code openssl pkey} reads and WebCrypto's {@code importKey('pkcs8', …)} takes), readable and writable by its owner
 * only. Created on first start from a {@link SecureRandom}, written to a temporary file that has owner-only permissions
 * from its creation, then moved into place atomically, so a crash leaves either no key or the whole key. A key file
 * that others may read is refused (as OpenSSH does): the key is the user's identity.
 */
public final class IdentityStore {
  /** File name of the key. */
  public static final String FILE = "identity.pem";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  /** A key file is a few hundred bytes; refuse to read anything much larger. */
  private static final long MAX_FILE_BYTES = 16 * 1024;

  private final Path dir;

  public IdentityStore(Path dir) {
    this.dir = dir;
  }

  /** The stored identity, or a new one stored now. Throws {@link IOException} with a message fit for the user. */
  public Identity loadOrCreate(SecureRandom random) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      return load(file);
    }
    Identity created = generate(random);
    Path tmp = Files.createTempFile(dir, FILE, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
        w.write(toPem(created));
      }
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return created;
  }

  /** A new P-256 identity: a private scalar drawn uniformly from [1, n−1] (rejection sampling, FIPS 186-4 B.4.2). */
  public static Identity generate(SecureRandom random) {
    BigInteger n = new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    BigInteger d;
    do {
      d = BigIntegers.createRandomBigInteger(256, random);
    } while (d.signum() == 0 || d.compareTo(n) >= 0);
    return Identity.of(d);
  }

  /** The PKCS#8 PEM text of {@code identity}'s private key (with its public key and the named curve). */
  public static String toPem(Identity identity) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfoFactory.createPrivateKeyInfo(identity.privateKey());
    StringWriter s = new StringWriter();
    try (PemWriter w = new PemWriter(s)) {
      w.writeObject(new PemObject("PRIVATE KEY", info.getEncoded()));
    }
    return s.toString();
  }

  /** Parses PKCS#8 PEM text holding a P-256 key. */
  public static Identity fromPem(Reader pem) throws IOException {
    Object o;
    try (PEMParser p = new PEMParser(pem)) {
      o = p.readObject();
    } catch (RuntimeException malformed) {
      throw new IOException("not a PEM private key", malformed);
    }
    if (!(o instanceof PrivateKeyInfo info)) {
      throw new IOException("expected a PKCS#8 private key (BEGIN PRIVATE KEY)");
    }
    AsymmetricKeyParameter key = PrivateKeyFactory.createKey(info);
    if (!(key instanceof ECPrivateKeyParameters ec)) {
      throw new IOException("not an EC key");
    }
    try {
      return Identity.of(ec);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static Identity load(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(perms)) {
      throw new IOException(file + " is readable by others (" + PosixFilePermissions.toString(perms)
          + "); run chmod 600 on it");
    }
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException(file + " is too large to be a key");
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      return fromPem(r);
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
