package io.meshkit.mesh.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compact JSON wire form of {@link MeshMessage} (sent as a PeerJS {@code json}-serialized string). A member is the
 * array {@code [discoveryId, name, uuid, transportId]}; keys are one letter:
 * <pre>
 * {"t":"in","m":[d,n,u,x]}                       CheckIn
 * {"t":"welcome","s":1,"r":d,"v":5,"m":[[..],..]} Welcome
 * {"t":"delta","v":6,"u":[[..]],"x":[d,..]}       Delta (u = upserts, x = removed)
 * {"t":"ping","v":6}  {"t":"pong"}  {"t":"resync"}
 * {"t":"moved","r":routerId}  {"t":"leaving","s":successor}  {"t":"merge","m":[[..]]}
 * </pre>
 * Encoding is here so that its size is known to the core's simulator; decoding takes the generic tree a JSON parser
 * produced ({@code Map}, {@code List}, {@code String}, {@code Number}) and validates it, so the adapter owns the parser
 * and its limits (document size, nesting depth, string length) and this class owns the meaning.
 */
public final class MeshWire {

  /** Largest encoded message we send or accept (bytes); a full snapshot of {@link MeshConfig#MAX_MEMBERS_LIMIT} fits. */
  public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private MeshWire() {}

  /** Result of decoding: a valid message or the reason it was rejected (ours, never the raw input). */
  public sealed interface Decoded {
    /** A valid message. */
    record Ok(MeshMessage message) implements Decoded {}

    /** Not a valid message. */
    record Rejected(String reason) implements Decoded {}
  }

  public static String encode(MeshMessage msg) {
    StringBuilder b = new StringBuilder(64);
    if (msg instanceof MeshMessage.CheckIn c) {
      b.append("{\"t\":\"in\",\"m\":");
      member(b, c.member());
    } else if (msg instanceof MeshMessage.Welcome w) {
      b.append("{\"t\":\"welcome\",\"s\":").append(w.slot()).append(",\"r\":");
      str(b, w.router());
      b.append(",\"v\":").append(w.version()).append(",\"m\":");
      members(b, w.members());
    } else if (msg instanceof MeshMessage.Delta d) {
      b.append("{\"t\":\"delta\",\"v\":").append(d.version()).append(",\"u\":");
      members(b, d.upserts());
      b.append(",\"x\":[");
      for (int i = 0; i < d.removed().size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        str(b, d.removed().get(i));
      }
      b.append(']');
    } else if (msg instanceof MeshMessage.Ping p) {
      b.append("{\"t\":\"ping\",\"v\":").append(p.version());
    } else if (msg instanceof MeshMessage.Pong) {
      b.append("{\"t\":\"pong\"");
    } else if (msg instanceof MeshMessage.Resync) {
      b.append("{\"t\":\"resync\"");
    } else if (msg instanceof MeshMessage.Moved m) {
      b.append("{\"t\":\"moved\",\"r\":");
      str(b, m.routerId());
    } else if (msg instanceof MeshMessage.Leaving l) {
      b.append("{\"t\":\"leaving\",\"s\":");
      str(b, l.successor());
    } else if (msg instanceof MeshMessage.Merge mg) {
      b.append("{\"t\":\"merge\",\"m\":");
      members(b, mg.members());
    } else {
      throw new IllegalArgumentException("unknown message type");
    }
    return b.append('}').toString();
  }

  /** UTF-8 size of {@link #encode}. */
  public static int size(MeshMessage msg) {
    return encode(msg).getBytes(StandardCharsets.UTF_8).length;
  }

  /** Maps a parsed JSON tree to a message; anything unexpected is {@link Decoded.Rejected}. */
  public static Decoded fromTree(Object tree) {
    try {
      if (!(tree instanceof Map<?, ?> o)) {
        return new Decoded.Rejected("not a JSON object");
      }
      Object t = o.get("t");
      if (!(t instanceof String type)) {
        return new Decoded.Rejected("missing type");
      }
      MeshMessage m = switch (type) {
        case "in" -> new MeshMessage.CheckIn(member(o.get("m")));
        case "welcome" -> new MeshMessage.Welcome((int) num(o.get("s")), string(o.get("r")), num(o.get("v")),
            memberList(o.get("m")));
        case "delta" -> new MeshMessage.Delta(num(o.get("v")), memberList(o.get("u")), stringList(o.get("x")));
        case "ping" -> new MeshMessage.Ping(num(o.get("v")));
        case "pong" -> new MeshMessage.Pong();
        case "resync" -> new MeshMessage.Resync();
        case "moved" -> new MeshMessage.Moved(string(o.get("r")));
        case "leaving" -> new MeshMessage.Leaving(string(o.get("s")));
        case "merge" -> new MeshMessage.Merge(memberList(o.get("m")));
        default -> null;
      };
      return m == null ? new Decoded.Rejected("unknown type") : new Decoded.Ok(m);
    } catch (IllegalArgumentException | ClassCastException e) {
      return new Decoded.Rejected("invalid field: " + safeReason(e));
    }
  }

  private static String safeReason(RuntimeException e) {
    // Our own validation messages name fields only; a ClassCastException would name JDK types. Never echo input.
    return e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().length() < 80
        ? e.getMessage() : "wrong type";
  }

  private static long num(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      long n = ((Number) v).longValue();
      if (n < 0 || n > Integer.MAX_VALUE * 1024L) {
        throw new IllegalArgumentException("number out of range");
      }
      return n;
    }
    throw new IllegalArgumentException("expected an integer");
  }

  private static String string(Object v) {
    if (v instanceof String s && s.length() <= 256) {
      return s;
    }
    throw new IllegalArgumentException("expected a short string");
  }

  private static Member member(Object v) {
    if (v instanceof List<?> l && l.size() == 4) {
      return new Member(string(l.get(0)), string(l.get(1)), string(l.get(2)), string(l.get(3)));
    }
    throw new IllegalArgumentException("expected a member array");
  }

  private static List<Member> memberList(Object v) {
    if (!(v instanceof List<?> l) || l.size() > MeshConfig.MAX_MEMBERS_LIMIT) {
      throw new IllegalArgumentException("expected a member list");
    }
    List<Member> out = new ArrayList<>(l.size());
    for (Object e : l) {
      out.add(member(e));
    }
    return out;
  }

  private static List<String> stringList(Object v) {
    if (!(v instanceof List<?> l) || l.size() > MeshConfig.MAX_MEMBERS_LIMIT) {
      throw new IllegalArgumentException("expected a string list");
    }
    List<String> out = new ArrayList<>(l.size());
    for (Object e : l) {
      out.add(string(e));
    }
    return out;
  }

  private static void members(StringBuilder b, List<Member> ms) {
    b.append('[');
    for (int i = 0; i < ms.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      member(b, ms.get(i));
    }
    b.append(']');
  }

  private static void member(StringBuilder b, Member m) {
    b.append('[');
    str(b, m.discoveryId());
    b.append(',');
    str(b, m.name());
    b.append(',');
    str(b, m.uuid());
    b.append(',');
    str(b, m.transportId());
    b.append(']');
  }

  /** JSON string with RFC 8259 §7 escapes (names may hold any non-control character). */
  private static void str(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }
}
