package io.meshkit.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Both private-key encodings operators meet, public keys, and every kind of key that must be refused clearly. */
class PemKeysTest {

  private static String pem(String name) throws IOException {
    try (InputStream in = PemKeysTest.class.getResourceAsStream("/keys/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void shouldReadThePkcs8AndTheSec1EncodingOfTheSameKey() throws IOException {
    BeaconSigner pkcs8 = PemKeys.signingKey(pem("a-pkcs8.pem"));
    BeaconSigner sec1 = PemKeys.signingKey(pem("a-sec1.pem"));
    assertThat(pkcs8.publicKey().hex()).isEqualTo(BeaconVectors.A_KEY);
    assertThat(sec1.publicKey().hex()).isEqualTo(BeaconVectors.A_KEY);
    // Same key, deterministic signer: the vector's beacon from either file.
    Period p = Period.at(BeaconVectors.T, 600);
    assertThat(pkcs8.sign(p).text()).isEqualTo(BeaconVectors.A_600.beacon());
    assertThat(sec1.sign(p).text()).isEqualTo(BeaconVectors.A_600.beacon());
    assertThat(PemKeys.publicKey(pem("a-public.pem")).hex()).isEqualTo(BeaconVectors.A_KEY);
    assertThat(PemKeys.publicKey(pem("a-pkcs8.pem")).hex()).isEqualTo(BeaconVectors.A_KEY);
  }

  @Test
  void shouldSkipTheEcParametersBlockOfOpensslEcparam() throws IOException {
    BeaconSigner signer = PemKeys.signingKey(pem("openssl-ecparam.pem"));
    BeaconKey published = PemKeys.publicKey(pem("openssl-ecparam-public.pem"));
    assertThat(signer.publicKey()).isEqualTo(published);
    // A compressed point in a PUBLIC KEY block is the same key.
    assertThat(PemKeys.publicKey(pem("openssl-ecparam-public-compressed.pem"))).isEqualTo(published);
    Beacon b = signer.sign(new Period(600, 1));
    assertThat(BeaconKeys.of(published).verify(b)).isTrue();
  }

  @Test
  void shouldRefuseWhatIsNotAnUnencryptedNamedP256Key() throws IOException {
    assertThatThrownBy(() -> PemKeys.signingKey(pem("p384.pem")))
        .isInstanceOf(PemKeys.KeyFormatException.class).hasMessageContaining("not P-256");
    assertThatThrownBy(() -> PemKeys.signingKey(pem("rsa.pem")))
        .isInstanceOf(PemKeys.KeyFormatException.class).hasMessageContaining("not an EC key");
    assertThatThrownBy(() -> PemKeys.signingKey(pem("ed25519.pem")))
        .isInstanceOf(PemKeys.KeyFormatException.class).hasMessageContaining("not an EC key");
    assertThatThrownBy(() -> PemKeys.signingKey(pem("explicit-params.pem")))
        .isInstanceOf(PemKeys.KeyFormatException.class).hasMessageContaining("explicit parameters");
    assertThatThrownBy(() -> PemKeys.signingKey(pem("a-pkcs8-encrypted.pem")))
        .isInstanceOf(PemKeys.KeyFormatException.class).hasMessageContaining("encrypted");
    assertThatThrownBy(() -> PemKeys.signingKey(pem("a-public.pem")))
        .isInstanceOf(PemKeys.KeyFormatException.class).hasMessageContaining("public key");
    assertThatThrownBy(() -> PemKeys.signingKey(""))
        .isInstanceOf(PemKeys.KeyFormatException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> PemKeys.signingKey("hello\nworld\n"))
        .isInstanceOf(PemKeys.KeyFormatException.class).hasMessageContaining("no PEM block");
    assertThatThrownBy(() -> PemKeys.signingKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
        .isInstanceOf(PemKeys.KeyFormatException.class);
    assertThatThrownBy(() -> PemKeys.signingKey("x".repeat(PemKeys.MAX_PEM_CHARS + 1)))
        .isInstanceOf(PemKeys.KeyFormatException.class).hasMessageContaining("characters");
  }
}
