package io.meshkit.mesh.core.wire;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of {@link MeshMessage} (docs/PROTOCOL.md §5), protocol version {@value #PROTOCOL}.
 *
 * <p>Encoding: {@link #toTree} gives the message as a generic tree ({@code LinkedHashMap}, {@code List},
 * {@code String}, {@code Long}) that a PeerJS {@code binary} link BinaryPack-encodes; {@link #encode} gives the JSON
 * text a {@code json} link carries, exactly as JavaScript's {@code JSON.stringify} writes the same object (member
 * order as in the spec, no whitespace), so {@link #size} is the size the spec's limits speak of.
 *
 * <p>Decoding: {@link #fromTree} takes the tree the adapter's parser produced (JSON: Jackson's {@code Map}/{@code List}
 * with {@code Integer}/{@code Long}/{@code BigInteger}/{@code Double}; BinaryPack: {@code Long}/{@code Double}), so the
 * adapter owns the parser and its limits, and this class owns the meaning. It never throws: the answer is
 * {@link Decoded.Ok}, {@link Decoded.Ignored} (a message type this version does not know: ignored, as the spec asks)
 * or {@link Decoded.Rejected} with a reason of ours that never quotes the input. Unknown members of an object are
 * ignored.
 */
public final class MeshWire {

  /** The protocol version this implementation speaks. */
  public static final int PROTOCOL = 2;
  /**
   * Largest message we send: bytes of its JSON text (UTF-8). PeerJS's {@code json} serialization refuses to send
   * 16,300 bytes or more ({@code chunkedMTU}); 16,000 leaves room for a longer re-encoding by another implementation.
   */
  public static final int MAX_MESSAGE_BYTES = 16_000;
  /**
   * Largest message a receiver must accept (JSON text bytes, or the BinaryPack payload after reassembly); anything
   * larger is refused by the adapter before parsing. One below PeerJS's {@code chunkedMTU}.
   */
  public static final int MAX_RECEIVED_BYTES = 16_299;
  /** Largest integer on the wire: 2^53 - 1, exact in a JavaScript number. */
  public static final long MAX_INTEGER = (1L << 53) - 1;
  /** Most parts of one snapshot ({@link MeshMessage.Welcome#parts}). */
  public static final int MAX_PARTS = 1_000;
  /** Most entries in one message (a message under {@link #MAX_RECEIVED_BYTES} holds far fewer). */
  public static final int MAX_ENTRIES_PER_MESSAGE = 512;
  /** Most removed IDs in one delta. */
  public static final int MAX_REMOVED_PER_MESSAGE = 1_024;
  /** Highest router slot number on the wire. */
  public static final int MAX_SLOT = 64;
  /** Reasons a router sends in {@code refused}. */
  public static final Set<String> REFUSAL_REASONS =
      Set.of("wrong-namespace", "wrong-link", "invalid", "full", "too-slow", "too-many-messages");

  private MeshWire() {}

  /** Result of {@link #fromTree}. */
  public sealed interface Decoded {
    /** A valid message. */
    record Ok(MeshMessage message) implements Decoded {}

    /** A message type this version does not know: not an error, ignored. */
    record Ignored() implements Decoded {}

    /** Not a valid message; {@code reason} is ours, never the input. */
    record Rejected(String reason) implements Decoded {}
  }

  // ---------------------------------------------------------------- encoding

  /** The message as a generic tree (member order as in the spec). */
  public static Map<String, Object> toTree(MeshMessage msg) {
    Map<String, Object> o = new LinkedHashMap<>();
    if (msg instanceof MeshMessage.CheckIn c) {
      o.put("type", "checkin");
      putOptional(o, "protocol", c.protocol());
      o.put("discoveryID", c.discoveryId());
      o.put("friendlyname", c.friendlyName());
      putOptional(o, "discoveryUUID", c.discoveryUuid());
      putOptional(o, "transportID", c.transportId());
    } else if (msg instanceof MeshMessage.Welcome w) {
      o.put("type", "welcome");
      putOptional(o, "protocol", w.protocol());
      o.put("slot", (long) w.slot());
      o.put("routerDiscoveryID", w.routerDiscoveryId());
      o.put("version", w.version());
      o.put("successor", w.successor());
      o.put("part", (long) w.part());
      o.put("parts", (long) w.parts());
      o.put("entries", entries(w.entries()));
    } else if (msg instanceof MeshMessage.Delta d) {
      o.put("type", "delta");
      o.put("version", d.version());
      o.put("upserts", entries(d.upserts()));
      o.put("removed", new ArrayList<Object>(d.removed()));
      putOptional(o, "successor", d.successor());
    } else if (msg instanceof MeshMessage.Ping p) {
      o.put("type", "ping");
      putOptional(o, "version", p.version());
    } else if (msg instanceof MeshMessage.Pong p) {
      o.put("type", "pong");
      putOptional(o, "version", p.version());
    } else if (msg instanceof MeshMessage.Resync) {
      o.put("type", "resync");
    } else if (msg instanceof MeshMessage.Moved m) {
      o.put("type", "moved");
      o.put("routerID", m.routerId());
    } else if (msg instanceof MeshMessage.Leaving l) {
      o.put("type", "leaving");
      o.put("successor", l.successor());
    } else if (msg instanceof MeshMessage.Merge m) {
      o.put("type", "merge");
      putOptional(o, "protocol", m.protocol());
      o.put("slot", (long) m.slot());
      o.put("entries", entries(m.entries()));
    } else if (msg instanceof MeshMessage.Refused r) {
      o.put("type", "refused");
      o.put("reason", r.reason());
    } else {
      throw new IllegalStateException("unknown message record " + msg.getClass().getName());
    }
    return o;
  }

  /** One entry as a tree. */
  public static Map<String, Object> toTree(Entry e) {
    Map<String, Object> o = new LinkedHashMap<>();
    Member m = e.member();
    o.put("discoveryID", m.discoveryId());
    o.put("friendlyName", m.name());
    o.put("lastSeen", e.lastSeen());
    o.put("discoveryUUID", m.uuid());
    putOptional(o, "transportID", m.transportId());
    return o;
  }

  /** The JSON text of {@code msg}, as {@code JSON.stringify} writes it. */
  public static String encode(MeshMessage msg) {
    return Json.write(toTree(msg));
  }

  /** Bytes of {@link #encode} in UTF-8: the size the limits speak of. */
  public static int size(MeshMessage msg) {
    return Json.utf8Length(encode(msg));
  }

  /** Bytes of one entry's JSON text (what it adds to a message, without the separating comma). */
  public static int size(Entry e) {
    return Json.utf8Length(Json.write(toTree(e)));
  }

  private static List<Object> entries(List<Entry> entries) {
    List<Object> list = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      list.add(toTree(e));
    }
    return list;
  }

  private static void putOptional(Map<String, Object> o, String key, long v) {
    if (v != MeshMessage.ABSENT) {
      o.put(key, v);
    }
  }

  private static void putOptional(Map<String, Object> o, String key, String v) {
    if (v != null) {
      o.put(key, v);
    }
  }

  // ---------------------------------------------------------------- decoding

  /** Maps a parsed tree to a message; never throws. */
  public static Decoded fromTree(Object tree) {
    if (!(tree instanceof Map<?, ?> o)) {
      return new Decoded.Rejected("not a JSON object");
    }
    if (!(o.get("type") instanceof String type)) {
      return new Decoded.Rejected("no type");
    }
    try {
      MeshMessage m = switch (type) {
        case "checkin" -> new MeshMessage.CheckIn(optionalNumber(o, "protocol"), string(o, "discoveryID"),
            string(o, "friendlyname"), optionalString(o, "discoveryUUID"), optionalString(o, "transportID"));
        case "welcome" -> new MeshMessage.Welcome(optionalNumber(o, "protocol"), smallInt(o, "slot"),
            string(o, "routerDiscoveryID"), number(o, "version"), orEmpty(optionalString(o, "successor")),
            smallInt(o, "part"), smallInt(o, "parts"), entryList(o, "entries"));
        case "delta" -> new MeshMessage.Delta(number(o, "version"), entryList(o, "upserts"),
            stringList(o, "removed"), optionalString(o, "successor"));
        case "ping" -> new MeshMessage.Ping(optionalNumber(o, "version"));
        case "pong" -> new MeshMessage.Pong(optionalNumber(o, "version"));
        case "resync" -> new MeshMessage.Resync();
        case "moved" -> new MeshMessage.Moved(string(o, "routerID"));
        case "leaving" -> new MeshMessage.Leaving(orEmpty(optionalString(o, "successor")));
        case "merge" -> new MeshMessage.Merge(optionalNumber(o, "protocol"), smallInt(o, "slot"),
            entryList(o, "entries"));
        case "refused" -> new MeshMessage.Refused(string(o, "reason"));
        default -> null;
      };
      return m == null ? new Decoded.Ignored() : new Decoded.Ok(m);
    } catch (IllegalArgumentException e) {
      // Our own messages name fields and rules only (the records and the helpers below never quote values).
      String reason = e.getMessage() == null ? "invalid" : e.getMessage();
      return new Decoded.Rejected(type.length() <= 16 && type.matches("[a-z]+") ? type + ": " + reason : reason);
    }
  }

  private static Entry entry(Object v) {
    if (!(v instanceof Map<?, ?> o)) {
      throw new IllegalArgumentException("an entry is not an object");
    }
    Member m = new Member(string(o, "discoveryID"), string(o, "friendlyName"), string(o, "discoveryUUID"),
        optionalString(o, "transportID"));
    return new Entry(m, number(o, "lastSeen"));
  }

  private static List<Entry> entryList(Map<?, ?> o, String key) {
    if (!(o.get(key) instanceof List<?> l)) {
      throw new IllegalArgumentException(key + " is not an array");
    }
    if (l.size() > MAX_ENTRIES_PER_MESSAGE) {
      throw new IllegalArgumentException(key + " has too many entries");
    }
    List<Entry> out = new ArrayList<>(l.size());
    for (Object e : l) {
      out.add(entry(e));
    }
    return out;
  }

  private static List<String> stringList(Map<?, ?> o, String key) {
    if (!(o.get(key) instanceof List<?> l)) {
      throw new IllegalArgumentException(key + " is not an array");
    }
    if (l.size() > MAX_REMOVED_PER_MESSAGE) {
      throw new IllegalArgumentException(key + " has too many items");
    }
    List<String> out = new ArrayList<>(l.size());
    for (Object e : l) {
      if (!(e instanceof String s)) {
        throw new IllegalArgumentException(key + " holds a non-string");
      }
      out.add(s);
    }
    return out;
  }

  private static String string(Map<?, ?> o, String key) {
    if (!(o.get(key) instanceof String s)) {
      throw new IllegalArgumentException(key + " is missing or not a string");
    }
    return s;
  }

  /** Absent or null → null. */
  private static String optionalString(Map<?, ?> o, String key) {
    Object v = o.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(key + " is not a string");
    }
    return s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static long number(Map<?, ?> o, String key) {
    Object v = o.get(key);
    if (v == null) {
      throw new IllegalArgumentException(key + " is missing");
    }
    return integer(v, key);
  }

  /** Absent or null → {@link MeshMessage#ABSENT}. */
  private static long optionalNumber(Map<?, ?> o, String key) {
    Object v = o.get(key);
    return v == null ? MeshMessage.ABSENT : integer(v, key);
  }

  private static int smallInt(Map<?, ?> o, String key) {
    long n = number(o, key);
    if (n > 1_000_000) {
      throw new IllegalArgumentException(key + " out of range");
    }
    return (int) n;
  }

  /** A non-negative integer up to 2^53 - 1, whatever number type the parser chose. */
  private static long integer(Object v, String key) {
    long n;
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      n = ((Number) v).longValue();
    } else if (v instanceof BigInteger) {
      throw new IllegalArgumentException(key + " out of range");
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d != Math.rint(d) || Double.isInfinite(d) || d < 0 || d > MAX_INTEGER) {
        throw new IllegalArgumentException(key + " is not an integer in range");
      }
      n = (long) d;
    } else {
      throw new IllegalArgumentException(key + " is not a number");
    }
    if (n < 0 || n > MAX_INTEGER) {
      throw new IllegalArgumentException(key + " out of range");
    }
    return n;
  }

  // ---------------------------------------------------------------- shared checks (also used by the records)

  static void requireInteger(long v, String what) {
    if (v < 0 || v > MAX_INTEGER) {
      throw new IllegalArgumentException(what + " out of range");
    }
  }

  static void requireOptionalInteger(long v, String what) {
    if (v != MeshMessage.ABSENT) {
      requireInteger(v, what);
    }
  }

  static void requireProtocol(long protocol) {
    if (protocol != MeshMessage.ABSENT && (protocol < PROTOCOL || protocol > MAX_INTEGER)) {
      throw new IllegalArgumentException("protocol version not supported");
    }
  }

  static void requireSlot(int slot) {
    if (slot < 1 || slot > MAX_SLOT) {
      throw new IllegalArgumentException("slot out of range");
    }
  }

  static void requireSuccessor(String successor) {
    if (successor == null || (!successor.isEmpty() && !PeerJsId.isValid(successor))) {
      throw new IllegalArgumentException("successor is neither empty nor a valid PeerJS ID");
    }
  }

  static List<Entry> boundedEntries(List<Entry> entries) {
    List<Entry> copy = List.copyOf(entries);
    if (copy.size() > MAX_ENTRIES_PER_MESSAGE) {
      throw new IllegalArgumentException("too many entries in one message");
    }
    return copy;
  }

  /**
   * The minimal JSON writer behind {@link #encode}: {@code JSON.stringify}'s output for trees of our shapes (maps in
   * insertion order, lists, strings, integers). Public for the other protocols of the client (contact links), which
   * write their messages the same way.
   */
  public static final class Json {
    private Json() {}

    /** The JSON text of {@code tree}. */
    public static String write(Object tree) {
      StringBuilder b = new StringBuilder(128);
      value(b, tree);
      return b.toString();
    }

    private static void value(StringBuilder b, Object v) {
      if (v instanceof String s) {
        string(b, s);
      } else if (v instanceof Long || v instanceof Integer) {
        b.append(((Number) v).longValue());
      } else if (v instanceof Map<?, ?> m) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!first) {
            b.append(',');
          }
          first = false;
          string(b, (String) e.getKey());
          b.append(':');
          value(b, e.getValue());
        }
        b.append('}');
      } else if (v instanceof List<?> l) {
        b.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          value(b, l.get(i));
        }
        b.append(']');
      } else {
        throw new IllegalStateException("not a wire tree value: " + (v == null ? "null" : v.getClass().getName()));
      }
    }

    /** A JSON string exactly as ECMAScript's {@code JSON.stringify} (QuoteJSONString, ES2019) writes it. */
    static void string(StringBuilder b, String s) {
      b.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\b' -> b.append("\\b");
          case '\f' -> b.append("\\f");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          default -> {
            boolean lone = Character.isHighSurrogate(c)
                ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (c < 0x20 || lone) {
              b.append(String.format("\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      b.append('"');
    }

    /** Bytes of {@code s} in UTF-8. */
    public static int utf8Length(String s) {
      return s.getBytes(StandardCharsets.UTF_8).length;
    }
  }
}
