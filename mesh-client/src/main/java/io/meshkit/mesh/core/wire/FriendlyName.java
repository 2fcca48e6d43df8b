package io.meshkit.mesh.core.wire;

import java.util.Locale;
import java.util.Optional;

/**
 * A friendly name as people see it in lists (docs/PROTOCOL.md §4.3). Rules, so that a name shows what it says and
 * nothing else:
 * <ul>
 *   <li>1 to {@value #MAX_CODE_POINTS} Unicode code points (not UTF-16 units: an emoji counts once);</li>
 *   <li>well-formed UTF-16 (no unpaired surrogate);</li>
 *   <li>no control characters (U+0000–U+001F, U+007F–U+009F), no line or paragraph separator (U+2028, U+2029);</li>
 *   <li>no bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): they reorder what follows
 *       and let a name pose as another;</li>
 *   <li>no invisible format characters (U+00AD, U+180E, U+200B–U+200D, U+2060–U+2064, U+FEFF, U+FFF9–U+FFFB,
 *       U+E0000–U+E007F): two names that look the same must be the same;</li>
 *   <li>no leading or trailing space (U+0020).</li>
 * </ul>
 * Names are not normalized: they are compared and shown as given. The list of forbidden code points is explicit (not a
 * Unicode category) so that every implementation, whatever its Unicode version, agrees on every name.
 *
 * @param value the name
 */
public record FriendlyName(String value) {

  /** Longest name, in code points. */
  public static final int MAX_CODE_POINTS = 64;

  public FriendlyName {
    Optional<String> problem = problem(value);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
  }

  /** The name, or {@link IllegalArgumentException} whose message says what is wrong (fit for the user). */
  public static FriendlyName of(String value) {
    return new FriendlyName(value);
  }

  /** What is wrong with {@code name} (a sentence for the user, naming a bad character by its code point), or empty. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("name is empty");
    }
    int count = name.codePointCount(0, name.length());
    if (count > MAX_CODE_POINTS) {
      return Optional.of("name has " + count + " characters; at most " + MAX_CODE_POINTS + " are allowed");
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        return Optional.of("name is not valid Unicode (an unpaired surrogate at position " + (i + 1) + ")");
      }
      String kind = forbidden(cp);
      if (kind != null) {
        return Optional.of("name contains " + kind + " (" + codePoint(cp) + ") at position "
            + (name.codePointCount(0, i) + 1));
      }
      i += Character.charCount(cp);
    }
    if (name.charAt(0) == ' ' || name.charAt(name.length() - 1) == ' ') {
      return Optional.of("name begins or ends with a space");
    }
    return Optional.empty();
  }

  /** True when {@code name} follows every rule. */
  public static boolean isValid(String name) {
    return problem(name).isEmpty();
  }

  /** What kind of forbidden character {@code cp} is, or null when it is allowed. */
  static String forbidden(int cp) {
    if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {
      return "a control character";
    }
    if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069)) {
      return "a bidirectional control character";
    }
    if (cp == 0x00AD || cp == 0x180E || (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064)
        || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F)) {
      return "an invisible character";
    }
    return null;
  }

  private static String codePoint(int cp) {
    return String.format(Locale.ROOT, "U+%04X", cp);
  }

  @Override
  public String toString() {
    return value;
  }
}
