package io.meshkit.mesh.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FriendlyNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"alice", "Zoë", "李雷", "node a-1", "😀", "a", "Ünïcödé_😀 mix"})
  void shouldAcceptOrdinaryNames(String name) {
    assertThat(FriendlyName.problem(name)).isEmpty();
    assertThat(FriendlyName.of(name).value()).isEqualTo(name);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "0041000a | name contains a control character (U+000A) at position 2",
      "0041007f | name contains a control character (U+007F) at position 2",
      "00410085 | name contains a control character (U+0085) at position 2",
      "20280041 | name contains a control character (U+2028) at position 1",
      "0041202e0042 | name contains a bidirectional control character (U+202E) at position 2",
      "0041061c | name contains a bidirectional control character (U+061C) at position 2",
      "00412066 | name contains a bidirectional control character (U+2066) at position 2",
      "0041200b | name contains an invisible character (U+200B) at position 2",
      "0041200d0042 | name contains an invisible character (U+200D) at position 2",
      "feff0041 | name contains an invisible character (U+FEFF) at position 1",
      "004100ad | name contains an invisible character (U+00AD) at position 2",
      "0041db40dc01 | name contains an invisible character (U+E0001) at position 2",
      "0041d800 | name is not valid Unicode (an unpaired surrogate at position 2)",
      "00200041 | name begins or ends with a space",
      "00410020 | name begins or ends with a space"})
  void shouldRejectWithAReasonNamingTheCodePoint(String utf16Hex, String reason) {
    String name = fromUtf16Hex(utf16Hex);
    assertThat(FriendlyName.problem(name)).contains(reason);
    assertThatThrownBy(() -> FriendlyName.of(name)).isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 65, 200})
  void shouldBoundTheLengthInCodePoints(int length) {
    String name = "x".repeat(length);
    assertThat(FriendlyName.isValid(name)).isEqualTo(length >= 1 && length <= 64);
    assertThat(FriendlyName.isValid("😀".repeat(64))).as("64 emoji = 128 UTF-16 units").isTrue();
    assertThat(FriendlyName.problem("x".repeat(200))).contains("name has 200 characters; at most 64 are allowed");
    assertThat(FriendlyName.problem("")).contains("name is empty");
  }

  @Property(tries = 500)
  void shouldNeverThrowFromProblem(@ForAll String any) {
    assertThat(FriendlyName.problem(any)).isNotNull();
  }

  private static String fromUtf16Hex(String hex) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 4) {
      b.append((char) Integer.parseInt(hex.substring(i, i + 4), 16));
    }
    return b.toString();
  }
}
