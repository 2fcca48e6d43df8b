package io.meshkit.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.crypto.P256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** docs/PROTOCOL.md §13.3.6: signing, verification and prefix vectors, and what must not verify. */
class BeaconVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void shouldSignEveryVectorToItsBeaconAndPrefix() {
    for (BeaconVectors.Row row : BeaconVectors.ROWS) {
      BeaconSigner signer = BeaconSigner.ofHex(row.d());
      Period period = Period.at(row.unixMillis(), row.lengthSeconds());
      assertThat(period.index()).as("index of %s", row).isEqualTo(row.index());
      assertThat(HEX.formatHex(Beacon.signedBytes(period))).as("signed bytes of %s", row).isEqualTo(row.signedHex());
      Beacon beacon = signer.sign(period);
      assertThat(beacon.text()).as("beacon of %s", row).isEqualTo(row.beacon());
      assertThat(beacon.prefix()).as("prefix of %s", row).isEqualTo(row.prefix());
      assertThat(Beacon.parse(row.beacon())).contains(beacon);
      assertThat(signer.publicKey().verify(Beacon.signedBytes(period), beacon.signature())).isTrue();
    }
  }

  @Test
  void shouldDeriveTheKeysTheVectorsName() {
    BeaconKey a = BeaconSigner.ofHex(BeaconVectors.A_D).publicKey();
    assertThat(a.hex()).isEqualTo(BeaconVectors.A_KEY);
    assertThat(a.fingerprint()).isEqualTo(BeaconVectors.A_FINGERPRINT);
    assertThat(a.jwk()).isEqualTo(BeaconVectors.A_JWK);
    BeaconKey b = BeaconSigner.ofHex(BeaconVectors.B_D).publicKey();
    assertThat(b.hex()).isEqualTo(BeaconVectors.B_KEY);
    assertThat(b.fingerprint()).isEqualTo(BeaconVectors.B_FINGERPRINT);
    assertThat(BeaconKey.parseHex(BeaconVectors.A_KEY)).contains(a);
  }

  /** RFC 6979 A.2.5, P-256 with SHA-256, message "sample": the signer's nonce is the deterministic one. */
  @Test
  void shouldBeRfc6979Deterministic() {
    byte[] sig = BeaconSigner.ofHex(BeaconVectors.A_D).signRaw("sample".getBytes(StandardCharsets.US_ASCII));
    assertThat(HEX.formatHex(sig)).isEqualTo(
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
            + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
  }

  @Test
  void shouldVerifyOnlyWithTheSignersKeyAndTheRightPeriod() {
    BeaconKeys a = BeaconKeys.of(BeaconKey.parseHex(BeaconVectors.A_KEY).orElseThrow());
    BeaconKeys b = BeaconKeys.of(BeaconKey.parseHex(BeaconVectors.B_KEY).orElseThrow());
    BeaconKeys both = BeaconKeys.of(a.keys().get(0), b.keys().get(0));
    Beacon fromA = Beacon.parse(BeaconVectors.A_600.beacon()).orElseThrow();
    Beacon fromB = Beacon.parse(BeaconVectors.B_600.beacon()).orElseThrow();
    assertThat(a.verify(fromA)).isTrue();
    assertThat(a.verify(fromB)).isFalse();
    assertThat(b.verify(fromB)).isTrue();
    assertThat(both.signer(fromA)).contains(a.keys().get(0));
    assertThat(both.signer(fromB)).contains(b.keys().get(0));
    // A's signature of period p presented as period p + 1: not valid.
    Beacon moved = new Beacon(new Period(600, 2863384), fromA.signature());
    assertThat(a.verify(moved)).isFalse();
    // Another period length, same index: not valid either (the length is signed).
    assertThat(a.verify(new Beacon(new Period(300, 2863383), fromA.signature()))).isFalse();
    // One bit of the signature flipped.
    byte[] sig = fromA.signature();
    sig[40] ^= 1;
    assertThat(a.verify(new Beacon(fromA.period(), sig))).isFalse();
  }

  /** (r, n − s) verifies as well as (r, s): the prefix, made from r alone, is the same for both. */
  @Test
  void shouldGiveTheSamePrefixForTheMalleatedTwin() {
    Beacon beacon = Beacon.parse(BeaconVectors.A_600.beacon()).orElseThrow();
    byte[] sig = beacon.signature();
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
    byte[] twinS = P256.N.subtract(s).toByteArray();
    byte[] twin = sig.clone();
    java.util.Arrays.fill(twin, 32, 64, (byte) 0);
    int len = Math.min(32, twinS.length);
    System.arraycopy(twinS, twinS.length - len, twin, 64 - len, len);
    Beacon other = new Beacon(beacon.period(), twin);
    assertThat(other.text()).isEqualTo("1.600.2863383.5ab64cf47879908bd2cc8cd9ec97ea2c275bc377fc49ef8c709033f65bd247d0"
        + "4ccbabcb8adaa0f3c3ca996ea9977dd19d05916f0f9372411b47b90214b5bbfe");
    assertThat(BeaconKeys.of(BeaconKey.parseHex(BeaconVectors.A_KEY).orElseThrow()).verify(other)).isTrue();
    assertThat(other.prefix()).isEqualTo(BeaconVectors.A_600.prefix());
  }

  @Test
  void shouldFitThePeerJsIdRulesWithRoomForEveryId() {
    String prefix = BeaconVectors.A_600.prefix();
    assertThat(prefix).hasSize(BeaconPrefix.LENGTH).matches("b[0-9a-f]{16}");
    String discovery = prefix + "-n41c0c7ed3b598e44-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f";
    String rendezvous = prefix + "-rendezvous-4b6b173833aa6b9cdb0bc883d08fda57-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f";
    assertThat(discovery).hasSize(72).matches("^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$");
    assertThat(rendezvous).hasSize(98).matches("^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$");
  }
}
