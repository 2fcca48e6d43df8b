package io.meshkit.beacon;

import io.meshkit.crypto.P256;
import io.meshkit.crypto.P256PublicKey;
import java.io.IOException;
import java.io.StringReader;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Beacon keys from PEM text, read with Bouncy Castle's {@link PEMParser}, in the encodings operators meet:
 * <ul>
 *   <li>private keys: PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, {@code openssl genpkey}) and SEC 1
 *       ({@code -----BEGIN EC PRIVATE KEY-----}, {@code openssl ecparam -genkey}, which may put an
 *       {@code EC PARAMETERS} block first);</li>
 *   <li>public keys: SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}, {@code openssl pkey -pubout}).</li>
 * </ul>
 * Only P-256 given by name is accepted. Anything else (another curve, RSA, explicit curve parameters, an encrypted
 * key, no key at all) is refused with a message that says what was found. No file access here: the command lines
 * read the file and hand over its text.
 */
public final class PemKeys {
  /** The longest PEM text looked at: a P-256 key in any of these forms is well under 1 KiB. */
  public static final int MAX_PEM_CHARS = 16 * 1024;

  private PemKeys() {}

  /** A key that cannot be used; the message is for the operator. */
  public static final class KeyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    KeyFormatException(String message) {
      super(message);
    }
  }

  /** The signing key in {@code pem} (PKCS#8 or SEC 1). */
  public static BeaconSigner signingKey(String pem) {
    Object o = firstKeyObject(pem);
    if (o instanceof PEMKeyPair pair) {
      o = pair.getPrivateKeyInfo();
    }
    if (o instanceof PrivateKeyInfo info) {
      requireP256(info.getPrivateKeyAlgorithm(), "private key");
      try {
        ECPrivateKey ec = ECPrivateKey.getInstance(info.parsePrivateKey());
        return BeaconSigner.of(ec.getKey());
      } catch (IOException | IllegalArgumentException e) {
        throw new KeyFormatException("the EC private key cannot be read: " + e.getMessage());
      }
    }
    if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new KeyFormatException("the private key is encrypted; give it unencrypted "
          + "(openssl pkey -in KEY -out PLAIN), readable by the server's user only");
    }
    if (o instanceof SubjectPublicKeyInfo) {
      throw new KeyFormatException("this is a public key; signing needs the private key");
    }
    throw new KeyFormatException("no private key in the PEM text (found " + describe(o) + ")");
  }

  /**
   * The public key in {@code pem}: a {@code PUBLIC KEY} block, or the public half of a private key in either
   * encoding.
   */
  public static BeaconKey publicKey(String pem) {
    Object o = firstKeyObject(pem);
    if (o instanceof SubjectPublicKeyInfo info) {
      requireP256(info.getAlgorithm(), "public key");
      try {
        ECPoint q = P256.CURVE.getCurve().decodePoint(info.getPublicKeyData().getOctets());
        if (q.isInfinity() || !q.isValid()) {
          throw new KeyFormatException("the public key is not a point of P-256");
        }
        return new BeaconKey(P256PublicKey.of(q));
      } catch (IllegalArgumentException e) {
        throw new KeyFormatException("the public key is not a point of P-256");
      }
    }
    return signingKey(pem).publicKey();
  }

  /** The first object of {@code pem} that is not a curve-parameters block. */
  private static Object firstKeyObject(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new KeyFormatException("the key file is empty");
    }
    if (pem.length() > MAX_PEM_CHARS) {
      throw new KeyFormatException("the key file has more than " + MAX_PEM_CHARS + " characters: not a P-256 key");
    }
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      // openssl ecparam -genkey writes the curve's name (EC PARAMETERS) before the key.
      while (o instanceof ASN1ObjectIdentifier || o instanceof X9ECParameters) {
        o = parser.readObject();
      }
      if (o == null) {
        throw new KeyFormatException("no PEM block (-----BEGIN ...-----) with a key in the file");
      }
      return o;
    } catch (IOException | RuntimeException e) {
      if (e instanceof KeyFormatException k) {
        throw k;
      }
      throw new KeyFormatException("not a readable PEM key: " + e.getMessage());
    }
  }

  private static void requireP256(AlgorithmIdentifier alg, String what) {
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())) {
      throw new KeyFormatException("the " + what + " is not an EC key (algorithm " + alg.getAlgorithm().getId()
          + "); beacons need ECDSA P-256");
    }
    ASN1Encodable params = alg.getParameters();
    if (params == null) {
      throw new KeyFormatException("the " + what + " does not name its curve; beacons need P-256");
    }
    if (!(params instanceof ASN1ObjectIdentifier curve)) {
      throw new KeyFormatException("the " + what + " gives its curve by explicit parameters; "
          + "use a key with the named curve P-256 (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)");
    }
    if (!SECObjectIdentifiers.secp256r1.equals(curve)) {
      throw new KeyFormatException("the " + what + " is on curve " + curve.getId() + ", not P-256 (1.2.840.10045.3.1.7)");
    }
  }

  private static String describe(Object o) {
    return o == null ? "nothing" : o.getClass().getSimpleName();
  }
}
