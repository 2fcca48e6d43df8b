package io.meshkit.mesh.contacts;

import io.meshkit.mesh.core.wire.MeshWire;
import java.util.regex.Pattern;

/**
 * Rules for chat messages (docs/PROTOCOL.md §13.1): what a text may hold so that it shows as sent and fits one message.
 */
public final class ChatText {
  /** Most code points in one text: at 6 bytes per code point (an escaped control) still under 16,000 bytes. */
  public static final int MAX_CODE_POINTS = 2_000;
  /** Message IDs: 1–64 characters of {@code [A-Za-z0-9_-]} (a UUID fits). */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private ChatText() {}

  /** {@code text} itself if valid, else {@link IllegalArgumentException} saying what is wrong (never quoting it). */
  public static String require(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("text is empty");
    }
    int count = 0;
    for (int i = 0; i < text.length(); ) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          throw new IllegalArgumentException("text is not valid Unicode (an unpaired surrogate)");
        }
        i += 2;
      } else if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException("text is not valid Unicode (an unpaired surrogate)");
      } else {
        // Controls would let a sender move the cursor or recolour a receiver's terminal; tab and newline are text.
        if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f)) {
          throw new IllegalArgumentException(String.format("text contains a control character (U+%04X)", (int) c));
        }
        i++;
      }
      if (++count > MAX_CODE_POINTS) {
        throw new IllegalArgumentException("text is longer than " + MAX_CODE_POINTS + " characters");
      }
    }
    return text;
  }

  static String requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("message id must be 1-64 of [A-Za-z0-9_-]");
    }
    return id;
  }

  static long requireSeq(long seq) {
    if (seq < 1 || seq > MeshWire.MAX_INTEGER) {
      throw new IllegalArgumentException("seq out of range");
    }
    return seq;
  }

  static long requireTime(long t) {
    if (t < 0 || t > MeshWire.MAX_INTEGER) {
      throw new IllegalArgumentException("time out of range");
    }
    return t;
  }
}
