package io.meshkit.mesh.identity;

import static io.meshkit.mesh.identity.IdentityVectors.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import io.meshkit.mesh.storage.IdentityStore;
import io.meshkit.testkit.Chromium;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The identity part of docs/PROTOCOL.md §13.1 against WebCrypto in Debian's Chromium: the page computes the transcript
 * bytes, their hashes, a key fingerprint and the safety number from the spec's vectors with WebCrypto alone and gets
 * the Java values; a signature made in the browser (with the Java key file imported as PKCS#8, and with a key made in
 * the browser) verifies in Java, and Java's verify in the browser, a tampered one not.
 */
class IdentityInteropIT {

  @Test
  void shouldAgreeWithWebCryptoOnTheVectorsAndSignaturesBothWays() throws Exception {
    String page;
    try (InputStream in = getClass().getResourceAsStream("/interop/identity.html")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Chromium chromium = Chromium.launch(List.of())) {
      Page p = chromium.browser().newPage();
      // A localhost page is a secure context, where crypto.subtle exists; nothing leaves the test.
      p.route("http://localhost/**", (Route r) -> r.fulfill(new Route.FulfillOptions().setStatus(200)
          .setContentType("text/html; charset=utf-8").setBody(page)));
      p.navigate("http://localhost/identity.html");

      Map<String, Object> v = new LinkedHashMap<>();
      v.put("initiatorId", IdentityVectors.INITIATOR_ID);
      v.put("responderId", IdentityVectors.RESPONDER_ID);
      v.put("initiatorDtls", IdentityVectors.INITIATOR_DTLS);
      v.put("responderDtls", IdentityVectors.RESPONDER_DTLS);
      v.put("initiatorKey", IdentityVectors.INITIATOR_KEY);
      v.put("responderKey", IdentityVectors.RESPONDER_KEY);
      v.put("initiatorNonce", IdentityVectors.INITIATOR_NONCE);
      v.put("responderNonce", IdentityVectors.RESPONDER_NONCE);
      v.put("responderSignature", IdentityVectors.RESPONDER_SIGNATURE);
      v.put("initiatorPem", IdentityStore.toPem(IdentityVectors.initiator()));
      v.put("message", "from the browser");
      @SuppressWarnings("unchecked")
      Map<String, Object> out = (Map<String, Object>) p.evaluate("v => run(v)", v);

      assertThat(out.get("initiatorToSign")).isEqualTo(IdentityVectors.INITIATOR_TO_SIGN);
      assertThat(out.get("responderToSign")).isEqualTo(IdentityVectors.RESPONDER_TO_SIGN);
      assertThat(out.get("initiatorSha")).isEqualTo(IdentityVectors.INITIATOR_TO_SIGN_SHA256);
      assertThat(out.get("responderSha")).isEqualTo(IdentityVectors.RESPONDER_TO_SIGN_SHA256);
      assertThat(out.get("initiatorFingerprint")).isEqualTo(IdentityVectors.INITIATOR_FINGERPRINT);
      assertThat(out.get("safetyNumber")).isEqualTo(IdentityVectors.SAFETY_NUMBER);
      assertThat(out.get("javaSignatureVerifies")).isEqualTo(true);
      assertThat(out.get("tamperedVerifies")).isEqualTo(false);
      assertThat(out.get("wrongRoleVerifies")).isEqualTo(false);

      // The browser's signatures (random k, so not the RFC 6979 value) verify in Java.
      String browserSig = (String) out.get("browserSignature");
      assertThat(browserSig).hasSize(128).isNotEqualTo(IdentityVectors.INITIATOR_SIGNATURE);
      assertThat(IdentityVectors.initiator().publicKey().verify(bytes(IdentityVectors.INITIATOR_TO_SIGN),
          bytes(browserSig))).isTrue();
      assertThat(IdentityVectors.initiator().publicKey().verify(bytes(IdentityVectors.RESPONDER_TO_SIGN),
          bytes(browserSig))).isFalse();
      IdentityKey fresh = IdentityKey.parseHex((String) out.get("freshKey")).orElseThrow();
      assertThat(fresh.verify("from the browser".getBytes(StandardCharsets.UTF_8),
          bytes((String) out.get("freshSignature")))).isTrue();

      // And the other way: a signature Java makes now verifies in the browser.
      Identity java = IdentityStore.generate(new java.security.SecureRandom());
      byte[] msg = "from Java".getBytes(StandardCharsets.UTF_8);
      String sig = HexFormat.of().formatHex(java.sign(msg));
      assertThat(p.evaluate("a => verify(a[0], a[1], a[2])", List.of(java.publicKey().hex(), sig,
          HexFormat.of().formatHex(msg)))).isEqualTo(true);
      assertThat(p.evaluate("a => verify(a[0], a[1], a[2])", List.of(fresh.hex(), sig,
          HexFormat.of().formatHex(msg)))).isEqualTo(false);
    }
  }
}
