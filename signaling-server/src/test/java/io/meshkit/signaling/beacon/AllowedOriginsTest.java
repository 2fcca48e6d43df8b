package io.meshkit.signaling.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact origins only (docs/PROTOCOL.md §13.3.3): suffix tricks, null, and everything that is not an origin fail. */
class AllowedOriginsTest {
  private final AllowedOrigins allowed = AllowedOrigins.of(List.of("https://app.example", "http://127.0.0.1:8080",
      "https://[2001:db8::1]:8443"));

  @Test
  void shouldAllowExactlyTheConfiguredOrigins() {
    assertThat(allowed.allows("https://app.example")).isTrue();
    assertThat(allowed.allows("http://127.0.0.1:8080")).isTrue();
    assertThat(allowed.allows("https://[2001:db8::1]:8443")).isTrue();
    // the same origin written differently: default port, case
    assertThat(allowed.allows("https://app.example:443")).isTrue();
    assertThat(allowed.allows("HTTPS://APP.EXAMPLE")).isTrue();
  }

  @Test
  void shouldRefuseSuffixAndPrefixTricks() {
    for (String o : List.of(
        "https://app.example.evil.test",    // suffix
        "https://evilapp.example",          // prefix of the host
        "https://evil.app.example",         // a subdomain is another origin
        "https://app.example@evil.test",    // user info
        "https://evil.test@app.example",
        "https://app.example.",             // trailing dot: another host name to a browser's origin
        "https://app.example:8443",         // another port
        "http://app.example",               // another scheme
        "https://app.example/",             // a path (browsers never send one)
        "https://app.example/x",
        "https://app.example?x",
        "https://app.example#x",
        " https://app.example",
        "https://app.example ",
        "https://app.example, https://evil.test",
        "https://app.example:443:443",
        "https://app.example:0443",
        "http://127.0.0.1:80800",
        "http://127.0.0.1",                 // port 80, not 8080
        "ws://app.example",
        "https://app..example",
        "")) {
      assertThat(allowed.allows(o)).as(o).isFalse();
    }
  }

  @Test
  void shouldRefuseNullAbsentAndOverlongOrigins() {
    assertThat(allowed.allows("null")).isFalse();
    assertThat(allowed.allows(null)).isFalse();
    assertThat(allowed.allows("https://" + "a".repeat(400) + ".example")).isFalse();
  }

  @Test
  void shouldRefuseConfigurationsThatAreNotExactOrigins() {
    for (String bad : List.of("null", "*", "https://*.app.example", "https://app.example/", "app.example",
        "https://app.example/path", "ftp://app.example", "")) {
      assertThatThrownBy(() -> AllowedOrigins.of(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> AllowedOrigins.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(AllowedOrigins.of(List.of("https://App.Example:443")).values()).containsExactly("https://app.example");
  }
}
