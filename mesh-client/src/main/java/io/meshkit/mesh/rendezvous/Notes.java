package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.contacts.ContactMessage;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.identity.IdentityKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writing and checking notes (docs/PROTOCOL.md §13.2.5): "my Transport ID is {@code transportID}", signed by the
 * sender's identity key for one recipient at one time. The signed bytes are five length-prefixed fields (4-byte
 * big-endian length, then the bytes, as in the handshake transcript): the label {@value #LABEL}, the signer's key, the
 * recipient's key, the Transport ID (UTF-8) and {@code issued} (8 bytes, big-endian).
 */
public final class Notes {
  /** The domain-separation label. */
  public static final String LABEL = "meshkit-rendezvous-note-v1";

  private Notes() {}

  /** {@code signer}'s note to {@code recipient}: its Transport ID {@code transportId} at {@code issued} (Unix ms). */
  public static ContactMessage.Note write(Identity signer, IdentityKey recipient, String transportId, long issued) {
    return new ContactMessage.Note(transportId, issued,
        signer.sign(bytes(signer.publicKey(), recipient, transportId, issued)));
  }

  /** True when {@code signer} signed {@code note} for {@code recipient}. */
  public static boolean verify(ContactMessage.Note note, IdentityKey signer, IdentityKey recipient) {
    return signer.verify(bytes(signer, recipient, note.transportId(), note.issued()), note.signature());
  }

  /** The signed bytes. */
  public static byte[] bytes(IdentityKey signer, IdentityKey recipient, String transportId, long issued) {
    byte[][] fields = {LABEL.getBytes(StandardCharsets.US_ASCII), signer.raw(), recipient.raw(),
        transportId.getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(8).putLong(issued).array()};
    int size = 0;
    for (byte[] f : fields) {
      size += 4 + f.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (byte[] f : fields) {
      out.putInt(f.length).put(f);
    }
    return out.array();
  }
}
