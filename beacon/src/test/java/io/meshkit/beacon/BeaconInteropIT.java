package io.meshkit.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import io.meshkit.testkit.Chromium;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/PROTOCOL.md §13.3 against WebCrypto in Debian's Chromium: a page that knows only the spec (the canonical text,
 * the signed bytes, the prefix hash) verifies the vectors with key A imported as JWK and as a raw point, and gets the
 * Java values; the malleated twin verifies with the same prefix; B's beacon, a relabelled period and a tampered
 * signature do not verify; non-canonical texts are refused.
 */
class BeaconInteropIT {

  @Test
  void shouldAgreeWithWebCryptoOnEveryVector() throws Exception {
    String page;
    try (InputStream in = getClass().getResourceAsStream("/interop/beacon.html")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String a600 = BeaconVectors.A_600.beacon();
    String twin = "1.600.2863383.5ab64cf47879908bd2cc8cd9ec97ea2c275bc377fc49ef8c709033f65bd247d0"
        + "4ccbabcb8adaa0f3c3ca996ea9977dd19d05916f0f9372411b47b90214b5bbfe";
    String relabelled = a600.replace("1.600.2863383.", "1.600.2863384.");
    String tampered = a600.substring(0, a600.length() - 1) + "4";
    List<String> beacons = new ArrayList<>();
    for (BeaconVectors.Row row : BeaconVectors.ROWS) {
      beacons.add(row.beacon());
    }
    beacons.addAll(List.of(twin, relabelled, tampered, a600.toUpperCase(), a600.replace("1.600.", "1.0600."),
        a600 + "0"));
    try (Chromium chromium = Chromium.launch(List.of())) {
      Page p = chromium.browser().newPage();
      // A localhost page is a secure context, where crypto.subtle exists; nothing leaves the test.
      p.route("http://localhost/**", (Route r) -> r.fulfill(new Route.FulfillOptions().setStatus(200)
          .setContentType("text/html; charset=utf-8").setBody(page)));
      p.navigate("http://localhost/beacon.html");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> out = (List<Map<String, Object>>) p.evaluate("v => run(v)",
          Map.of("jwk", BeaconVectors.A_JWK, "rawKey", BeaconVectors.A_KEY, "beacons", beacons));

      for (int i = 0; i < BeaconVectors.ROWS.length; i++) {
        BeaconVectors.Row row = BeaconVectors.ROWS[i];
        Map<String, Object> r = out.get(i);
        boolean signedByA = row.d().equals(BeaconVectors.A_D);
        assertThat(r.get("signed")).as("signed bytes of %s", row).isEqualTo(row.signedHex());
        assertThat(r.get("prefix")).as("prefix of %s", row).isEqualTo(row.prefix());
        assertThat(r.get("validJwk")).as("JWK verify of %s", row).isEqualTo(signedByA);
        assertThat(r.get("validRaw")).as("raw verify of %s", row).isEqualTo(signedByA);
      }
      int n = BeaconVectors.ROWS.length;
      assertThat(out.get(n).get("validJwk")).as("twin").isEqualTo(true);
      assertThat(out.get(n).get("prefix")).as("twin's prefix").isEqualTo(BeaconVectors.A_600.prefix());
      assertThat(out.get(n + 1).get("validJwk")).as("relabelled").isEqualTo(false);
      assertThat(out.get(n + 2).get("validJwk")).as("tampered").isEqualTo(false);
      for (int i = n + 3; i < out.size(); i++) {
        assertThat(out.get(i).get("parsed")).as("non-canonical %s", beacons.get(i)).isEqualTo(false);
      }
      // And Java agrees on which texts are beacons.
      for (int i = 0; i < beacons.size(); i++) {
        assertThat(Beacon.parse(beacons.get(i)).isPresent()).as(beacons.get(i)).isEqualTo(out.get(i).get("parsed"));
      }
    }
  }
}
