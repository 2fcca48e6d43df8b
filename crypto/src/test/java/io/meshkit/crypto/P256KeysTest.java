package io.meshkit.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class P256KeysTest {
  private static final HexFormat HEX = HexFormat.of();
  /** RFC 6979 A.2.5: the P-256 key. */
  private static final String X = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
  private static final String UX = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
  private static final String UY = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
  private static final byte[] SAMPLE = "sample".getBytes(StandardCharsets.US_ASCII);

  private static P256PrivateKey rfcKey() {
    return P256PrivateKey.of(new BigInteger(X, 16));
  }

  @Test
  void shouldDeriveThePublicPointOfRfc6979() {
    assertThat(rfcKey().publicKey().hex()).isEqualTo("04" + UX + UY);
  }

  @Test
  void shouldSignDeterministicallyAsRfc6979() {
    assertThat(HEX.formatHex(rfcKey().sign(SAMPLE))).isEqualTo(
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
            + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
  }

  @Test
  void shouldVerifyOnlyTheSignedMessageWithTheSignersKey() {
    byte[] sig = rfcKey().sign(SAMPLE);
    P256PublicKey pub = rfcKey().publicKey();
    P256PublicKey other = P256PrivateKey.of(BigInteger.TWO).publicKey();
    assertThat(pub.verify(SAMPLE, sig)).isTrue();
    assertThat(pub.verify("samplf".getBytes(StandardCharsets.US_ASCII), sig)).isFalse();
    assertThat(other.verify(SAMPLE, sig)).isFalse();
    sig[63] ^= 1;
    assertThat(pub.verify(SAMPLE, sig)).isFalse();
  }

  @Test
  void shouldTreatMalformedSignaturesAsInvalidWithoutThrowing() {
    P256PublicKey pub = rfcKey().publicKey();
    assertThat(pub.verify(SAMPLE, null)).isFalse();
    assertThat(pub.verify(SAMPLE, new byte[63])).isFalse();
    assertThat(pub.verify(SAMPLE, new byte[64])).isFalse(); // r = s = 0
    byte[] big = new byte[64];
    java.util.Arrays.fill(big, (byte) 0xff); // r, s >= n
    assertThat(pub.verify(SAMPLE, big)).isFalse();
  }

  @Test
  void shouldParseOnlyUncompressedPointsOnTheCurve() {
    byte[] raw = rfcKey().publicKey().raw();
    assertThat(P256PublicKey.parse(raw)).contains(rfcKey().publicKey());
    byte[] offCurve = raw.clone();
    offCurve[64] ^= 1;
    assertThat(P256PublicKey.parse(offCurve)).isEmpty();
    byte[] compressed = new byte[33];
    compressed[0] = 0x02;
    System.arraycopy(raw, 1, compressed, 1, 32);
    assertThat(P256PublicKey.parse(compressed)).isEmpty();
    byte[] tagged = raw.clone();
    tagged[0] = 0x06; // hybrid form
    assertThat(P256PublicKey.parse(tagged)).isEmpty();
    assertThat(P256PublicKey.parse(new byte[65])).isEmpty();
    assertThat(P256PublicKey.parse(null)).isEmpty();
  }

  @Test
  void shouldNameAKeyBySha256OfItsRawEncoding() {
    P256PublicKey pub = rfcKey().publicKey();
    assertThat(pub.fingerprint()).isEqualTo(HEX.formatHex(P256.sha256(pub.raw())));
    assertThat(pub.toString()).contains(pub.fingerprint().substring(0, 16));
    assertThat(rfcKey().toString()).doesNotContain(X);
  }

  @Test
  void shouldRefuseScalarsOutOfRange() {
    assertThatThrownBy(() -> P256PrivateKey.of(BigInteger.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> P256PrivateKey.of(P256.N)).isInstanceOf(IllegalArgumentException.class);
    assertThat(P256PrivateKey.of(P256.N.subtract(BigInteger.ONE)).publicKey().raw()).hasSize(65);
  }
}
