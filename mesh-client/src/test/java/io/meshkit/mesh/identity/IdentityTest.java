package io.meshkit.mesh.identity;

import static io.meshkit.mesh.identity.IdentityVectors.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.mesh.identity.HandshakeTranscript.Role;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IdentityTest {

  @Test
  void shouldSignAsRfc6979SaysForItsP256Sha256Vector() {
    // RFC 6979 A.2.5, P-256, SHA-256, message "sample": r || s.
    byte[] sig = IdentityVectors.initiator().sign("sample".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(sig)).isEqualTo(
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
            + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
  }

  @Test
  void shouldProduceSignaturesTheJdkVerifiesInP1363Format() throws Exception {
    Identity id = IdentityVectors.responder();
    byte[] msg = "a message".getBytes(StandardCharsets.UTF_8);
    byte[] sig = id.sign(msg);
    assertThat(sig).hasSize(64);
    Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
    jdk.initVerify(jdkKey(id.publicKey()));
    jdk.update(msg);
    assertThat(jdk.verify(sig)).isTrue();
  }

  @Test
  void shouldVerifyJdkSignaturesAndRefuseTamperedOnes() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    java.security.KeyPair kp = g.generateKeyPair();
    java.security.interfaces.ECPublicKey pub = (java.security.interfaces.ECPublicKey) kp.getPublic();
    byte[] raw = new byte[65];
    raw[0] = 4;
    copy32(pub.getW().getAffineX(), raw, 1);
    copy32(pub.getW().getAffineY(), raw, 33);
    IdentityKey key = IdentityKey.parse(raw).orElseThrow();
    Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
    jdk.initSign(kp.getPrivate());
    byte[] msg = "from the JDK".getBytes(StandardCharsets.UTF_8);
    jdk.update(msg);
    byte[] sig = jdk.sign();
    assertThat(key.verify(msg, sig)).isTrue();
    byte[] tampered = sig.clone();
    tampered[10] ^= 1;
    assertThat(key.verify(msg, tampered)).isFalse();
    assertThat(key.verify("other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    assertThat(IdentityVectors.initiator().publicKey().verify(msg, sig)).isFalse();
    assertThat(key.verify(msg, Arrays.copyOf(sig, 63))).isFalse();
    assertThat(key.verify(msg, new byte[64])).isFalse();
  }

  @Test
  void shouldAcceptOnlyUncompressedPointsOnTheCurve() {
    byte[] good = bytes(IdentityVectors.INITIATOR_KEY);
    assertThat(IdentityKey.parse(good)).isPresent();
    assertThat(IdentityKey.parse(Arrays.copyOf(good, 64))).isEmpty();
    byte[] compressed = Arrays.copyOf(good, 33);
    compressed[0] = 0x02;
    assertThat(IdentityKey.parse(compressed)).isEmpty();
    byte[] offCurve = good.clone();
    offCurve[64] ^= 1;
    assertThat(IdentityKey.parse(offCurve)).isEmpty();
    byte[] wrongTag = good.clone();
    wrongTag[0] = 0x06;
    assertThat(IdentityKey.parse(wrongTag)).isEmpty();
    assertThat(IdentityKey.parse(new byte[65])).isEmpty();
    assertThat(IdentityKey.parseHex(IdentityVectors.INITIATOR_KEY.toUpperCase())).isEmpty();
    assertThat(IdentityKey.parseHex(IdentityVectors.INITIATOR_KEY)).isPresent();
  }

  @Test
  void shouldMatchTheSpecVectors() throws Exception {
    Identity i = IdentityVectors.initiator();
    Identity r = IdentityVectors.responder();
    assertThat(new BigInteger(1, MessageDigest.getInstance("SHA-256")
        .digest("meshkit responder".getBytes(StandardCharsets.US_ASCII))).toString(16))
        .isEqualTo(IdentityVectors.RESPONDER_D);
    assertThat(i.publicKey().hex()).isEqualTo(IdentityVectors.INITIATOR_KEY);
    assertThat(r.publicKey().hex()).isEqualTo(IdentityVectors.RESPONDER_KEY);
    assertThat(i.publicKey().fingerprint()).isEqualTo(IdentityVectors.INITIATOR_FINGERPRINT);
    assertThat(r.publicKey().fingerprint()).isEqualTo(IdentityVectors.RESPONDER_FINGERPRINT);
    HandshakeTranscript t = IdentityVectors.transcript();
    byte[] ti = t.toSign(Role.INITIATOR);
    byte[] tr = t.toSign(Role.RESPONDER);
    assertThat(ti).hasSize(435);
    assertThat(HexFormat.of().formatHex(ti)).isEqualTo(IdentityVectors.INITIATOR_TO_SIGN);
    assertThat(HexFormat.of().formatHex(tr)).isEqualTo(IdentityVectors.RESPONDER_TO_SIGN);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ti)))
        .isEqualTo(IdentityVectors.INITIATOR_TO_SIGN_SHA256);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tr)))
        .isEqualTo(IdentityVectors.RESPONDER_TO_SIGN_SHA256);
    assertThat(HexFormat.of().formatHex(i.sign(ti))).isEqualTo(IdentityVectors.INITIATOR_SIGNATURE);
    assertThat(HexFormat.of().formatHex(r.sign(tr))).isEqualTo(IdentityVectors.RESPONDER_SIGNATURE);
    assertThat(i.publicKey().verify(ti, bytes(IdentityVectors.INITIATOR_SIGNATURE))).isTrue();
    assertThat(i.publicKey().verify(tr, bytes(IdentityVectors.INITIATOR_SIGNATURE))).as("role is signed").isFalse();
    assertThat(SafetyNumber.of(i.publicKey(), r.publicKey())).isEqualTo(IdentityVectors.SAFETY_NUMBER);
  }

  @Test
  void shouldGiveTheSameSafetyNumberInEitherOrderAndADifferentOneForAnotherKey() {
    IdentityKey a = IdentityVectors.initiator().publicKey();
    IdentityKey b = IdentityVectors.responder().publicKey();
    IdentityKey c = Identity.of(BigInteger.valueOf(12345)).publicKey();
    assertThat(SafetyNumber.of(a, b)).isEqualTo(SafetyNumber.of(b, a)).hasSize(60).containsOnlyDigits();
    assertThat(SafetyNumber.of(a, c)).isNotEqualTo(SafetyNumber.of(a, b));
    String lower = SafetyNumber.digits(a).compareTo(SafetyNumber.digits(b)) < 0 ? SafetyNumber.digits(a)
        : SafetyNumber.digits(b);
    String higher = lower.equals(SafetyNumber.digits(a)) ? SafetyNumber.digits(b) : SafetyNumber.digits(a);
    assertThat(SafetyNumber.of(a, b)).isEqualTo(lower + higher);
    assertThat(SafetyNumber.grouped(IdentityVectors.SAFETY_NUMBER))
        .isEqualTo("68501 26280 10662 49217 13432 60481 98404 81414 49435 01483 84396 19870");
  }

  @Test
  void shouldReadTheSha256FingerprintFromAnSdp() {
    String fp = DtlsFingerprint.format(bytes(IdentityVectors.INITIATOR_DTLS));
    String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=fingerprint:sha-1 AA:BB\r\nm=application 9 UDP/DTLS/SCTP"
        + " webrtc-datachannel\r\na=fingerprint:SHA-256 " + fp + "\r\na=setup:actpass\r\n";
    assertThat(DtlsFingerprint.sha256(sdp)).hasValueSatisfying(
        b -> assertThat(b).isEqualTo(bytes(IdentityVectors.INITIATOR_DTLS)));
    assertThat(DtlsFingerprint.sha256(sdp + "a=fingerprint:sha-256 " + fp.toLowerCase() + "\r\n")).isPresent();
    String other = DtlsFingerprint.format(bytes(IdentityVectors.RESPONDER_DTLS));
    assertThat(DtlsFingerprint.sha256(sdp + "a=fingerprint:sha-256 " + other + "\r\n")).as("two certificates")
        .isEmpty();
    assertThat(DtlsFingerprint.sha256("v=0\r\na=fingerprint:sha-1 AA:BB\r\n")).isEmpty();
    assertThat(DtlsFingerprint.sha256("a=fingerprint:sha-256 00:01\r\n")).isEmpty();
    assertThat(DtlsFingerprint.sha256("a=fingerprint:sha-256 " + fp.replace(':', '-') + "\n")).isEmpty();
  }

  @Test
  void shouldRefuseTranscriptFieldsOfTheWrongLength() {
    HandshakeTranscript t = IdentityVectors.transcript();
    assertThatThrownBy(() -> new HandshakeTranscript(t.initiatorId(), t.responderId(), new byte[31],
        t.responderFingerprint(), t.initiatorKey(), t.responderKey(), t.initiatorNonce(), t.responderNonce()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void copy32(BigInteger v, byte[] out, int at) {
    byte[] b = v.toByteArray();
    int n = Math.min(32, b.length);
    System.arraycopy(b, b.length - n, out, at + 32 - n, n);
  }

  private static PublicKey jdkKey(IdentityKey key) throws Exception {
    byte[] raw = key.raw();
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
    ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)),
        new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
  }
}
