package io.meshkit.mesh.contacts;

import io.meshkit.mesh.core.wire.MeshWire;
import io.meshkit.mesh.identity.Hex;
import io.meshkit.mesh.identity.HandshakeTranscript;
import io.meshkit.mesh.identity.IdentityKey;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON form of {@link ContactMessage}s (docs/PROTOCOL.md §13.1): {@link #encode} writes what {@code JSON.stringify}
 * would, {@link #fromTree} reads a parsed tree (maps, lists, strings, numbers) and never throws. Binary values travel as
 * lower-case hex. The conventions are those of the mesh messages (§4.1): unknown types and members are ignored.
 */
public final class ContactWire {
  /** Version of the contact-link protocol, sent in {@code hello}. */
  public static final int VERSION = 1;

  private ContactWire() {}

  /** What a received tree meant. */
  public sealed interface Decoded {
    /** A valid message. */
    record Ok(ContactMessage message) implements Decoded {}

    /** A valid object of a type this version does not know: ignored. */
    record Ignored() implements Decoded {}

    /** Invalid; {@code reason} never quotes the input. */
    record Rejected(String reason) implements Decoded {}
  }

  /** The JSON text of {@code m}. */
  public static String encode(ContactMessage m) {
    return MeshWire.Json.write(toTree(m));
  }

  /** {@code m} as a tree of maps (member order as written), strings and longs. */
  public static Map<String, Object> toTree(ContactMessage m) {
    Map<String, Object> o = new LinkedHashMap<>();
    if (m instanceof ContactMessage.Hello h) {
      o.put("type", "hello");
      o.put("version", (long) VERSION);
      o.put("key", h.key().hex());
      o.put("nonce", Hex.encode(h.nonce()));
    } else if (m instanceof ContactMessage.Proof p) {
      o.put("type", "proof");
      o.put("signature", Hex.encode(p.signature()));
    } else if (m instanceof ContactMessage.Request r) {
      o.put("type", "request");
      o.put("friendlyname", r.friendlyName());
    } else if (m instanceof ContactMessage.Accepted a) {
      address(o, "accepted", a.friendlyName(), a.transportId(), a.discoveryUuid());
    } else if (m instanceof ContactMessage.Rejected) {
      o.put("type", "rejected");
    } else if (m instanceof ContactMessage.Confirm c) {
      address(o, "confirm", c.friendlyName(), c.transportId(), c.discoveryUuid());
    } else if (m instanceof ContactMessage.Presence p) {
      address(o, "presence", p.friendlyName(), p.transportId(), p.discoveryUuid());
    } else if (m instanceof ContactMessage.Chat c) {
      o.put("type", "message");
      o.put("id", c.id());
      o.put("seq", c.seq());
      o.put("sent", c.sent());
      o.put("text", c.text());
    } else if (m instanceof ContactMessage.Ack a) {
      o.put("type", "ack");
      o.put("id", a.id());
      o.put("seq", a.seq());
    } else if (m instanceof ContactMessage.SpecialOffer so) {
      o.put("type", "special-offer");
      o.put("contribution", Hex.encode(so.contribution()));
    } else if (m instanceof ContactMessage.SpecialAccept sa) {
      o.put("type", "special-accept");
      o.put("contribution", Hex.encode(sa.contribution()));
    } else if (m instanceof ContactMessage.SpecialEnd) {
      o.put("type", "special-end");
    } else if (m instanceof ContactMessage.SpecialCheck sc) {
      o.put("type", "special-check");
      o.put("check", Hex.encode(sc.check()));
    } else if (m instanceof ContactMessage.Note n) {
      o.put("type", "note");
      o.put("transportID", n.transportId());
      o.put("issued", n.issued());
      o.put("signature", Hex.encode(n.signature()));
    } else {
      throw new IllegalStateException("unknown message " + m.getClass().getName());
    }
    return o;
  }

  private static void address(Map<String, Object> o, String type, String name, String transportId, String uuid) {
    o.put("type", type);
    o.put("friendlyname", name);
    o.put("transportID", transportId);
    o.put("discoveryUUID", uuid);
  }

  /** Maps a parsed tree to a message; never throws. */
  public static Decoded fromTree(Object tree) {
    if (!(tree instanceof Map<?, ?> o)) {
      return new Decoded.Rejected("not a JSON object");
    }
    if (!(o.get("type") instanceof String type)) {
      return new Decoded.Rejected("no type");
    }
    try {
      ContactMessage m = switch (type) {
        case "hello" -> hello(o);
        case "proof" -> new ContactMessage.Proof(hex(o, "signature", IdentityKey.SIGNATURE_BYTES));
        case "request" -> new ContactMessage.Request(string(o, "friendlyname"));
        case "accepted" -> new ContactMessage.Accepted(string(o, "friendlyname"), string(o, "transportID"),
            string(o, "discoveryUUID"));
        case "rejected" -> new ContactMessage.Rejected();
        case "confirm" -> new ContactMessage.Confirm(string(o, "friendlyname"), string(o, "transportID"),
            string(o, "discoveryUUID"));
        case "presence" -> new ContactMessage.Presence(string(o, "friendlyname"), string(o, "transportID"),
            string(o, "discoveryUUID"));
        case "message" -> new ContactMessage.Chat(string(o, "id"), integer(o, "seq"), integer(o, "sent"),
            string(o, "text"));
        case "ack" -> new ContactMessage.Ack(string(o, "id"), integer(o, "seq"));
        case "special-offer" -> new ContactMessage.SpecialOffer(
            hex(o, "contribution", ContactMessage.SPECIAL_CONTRIBUTION_BYTES));
        case "special-accept" -> new ContactMessage.SpecialAccept(
            hex(o, "contribution", ContactMessage.SPECIAL_CONTRIBUTION_BYTES));
        case "special-end" -> new ContactMessage.SpecialEnd();
        case "special-check" -> new ContactMessage.SpecialCheck(hex(o, "check", ContactMessage.SPECIAL_CHECK_BYTES));
        case "note" -> new ContactMessage.Note(string(o, "transportID"), integer(o, "issued"),
            hex(o, "signature", IdentityKey.SIGNATURE_BYTES));
        default -> null;
      };
      return m == null ? new Decoded.Ignored() : new Decoded.Ok(m);
    } catch (IllegalArgumentException e) {
      return new Decoded.Rejected(type + ": " + e.getMessage());
    }
  }

  private static ContactMessage.Hello hello(Map<?, ?> o) {
    long version = integer(o, "version");
    if (version < VERSION) {
      throw new IllegalArgumentException("version not supported");
    }
    IdentityKey key = IdentityKey.parseHex(string(o, "key"))
        .orElseThrow(() -> new IllegalArgumentException("key is not a P-256 public key in raw hex"));
    return new ContactMessage.Hello(key, hex(o, "nonce", HandshakeTranscript.NONCE_BYTES));
  }

  private static byte[] hex(Map<?, ?> o, String key, int bytes) {
    return Hex.decode(string(o, key), bytes)
        .orElseThrow(() -> new IllegalArgumentException(key + " must be " + bytes * 2 + " lower-case hex digits"));
  }

  private static String string(Map<?, ?> o, String key) {
    if (!(o.get(key) instanceof String s)) {
      throw new IllegalArgumentException(key + " is missing or not a string");
    }
    return s;
  }

  /** A non-negative integer up to 2^53 − 1, whatever number type the parser chose. */
  private static long integer(Map<?, ?> o, String key) {
    Object v = o.get(key);
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long n = ((Number) v).longValue();
      if (n >= 0 && n <= MeshWire.MAX_INTEGER) {
        return n;
      }
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && d >= 0 && d <= MeshWire.MAX_INTEGER) {
        return (long) d;
      }
    } else if (v == null || !(v instanceof BigInteger)) {
      throw new IllegalArgumentException(key + " is missing or not a number");
    }
    throw new IllegalArgumentException(key + " out of range");
  }
}
