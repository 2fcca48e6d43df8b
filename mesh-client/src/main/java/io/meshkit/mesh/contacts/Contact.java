package io.meshkit.mesh.contacts;

import io.meshkit.mesh.core.wire.FriendlyName;
import io.meshkit.mesh.identity.IdentityKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored contact: who (the identity key, the only thing trusted), what they call themselves, where they were last
 * reached, and the sequence numbers of the chat between us.
 *
 * @param key             the contact's identity key
 * @param name            its friendly name as it last told us
 * @param transportId     its last Transport ID (told inside an authenticated link), or null
 * @param discoveryUuid   its discovery UUID (matches it in a network list), or null
 * @param lastSeen        wall clock (Unix ms) of the last authenticated contact, 0 if never
 * @param verified        the user compared the safety number
 * @param blacklist       Transport IDs that answered for this contact but failed its identity check, oldest first
 * @param nextSeq         the sequence number our next message to it gets
 * @param lastReceivedSeq the highest sequence number stored from it (a message at or below is a duplicate)
 */
public record Contact(IdentityKey key, String name, String transportId, String discoveryUuid, long lastSeen,
                      boolean verified, List<String> blacklist, long nextSeq, long lastReceivedSeq) {
  /** Most blacklisted Transport IDs kept per contact (the oldest is forgotten first). */
  public static final int MAX_BLACKLIST = 32;

  public Contact {
    FriendlyName.of(name);
    blacklist = List.copyOf(blacklist);
    if (blacklist.size() > MAX_BLACKLIST || nextSeq < 1 || lastReceivedSeq < 0) {
      throw new IllegalArgumentException("contact state out of range");
    }
  }

  /** A new contact: nothing sent or received yet. */
  public static Contact create(IdentityKey key, String name, String transportId, String discoveryUuid, long now) {
    return new Contact(key, name, transportId, discoveryUuid, now, false, List.of(), 1, 0);
  }

  /** The key's fingerprint: how the client names a contact. */
  public String fingerprint() {
    return key.fingerprint();
  }

  public boolean blacklisted(String id) {
    return id != null && blacklist.contains(id);
  }

  public Contact seenAt(String name, String transportId, String discoveryUuid, long now) {
    return new Contact(key, name, transportId, discoveryUuid, now, verified, blacklist, nextSeq, lastReceivedSeq);
  }

  public Contact withLastSeen(long now) {
    return new Contact(key, name, transportId, discoveryUuid, now, verified, blacklist, nextSeq, lastReceivedSeq);
  }

  public Contact withVerified(boolean v) {
    return new Contact(key, name, transportId, discoveryUuid, lastSeen, v, blacklist, nextSeq, lastReceivedSeq);
  }

  public Contact withNextSeq(long n) {
    return new Contact(key, name, transportId, discoveryUuid, lastSeen, verified, blacklist, n, lastReceivedSeq);
  }

  public Contact withLastReceivedSeq(long n) {
    return new Contact(key, name, transportId, discoveryUuid, lastSeen, verified, blacklist, nextSeq, n);
  }

  /** {@code id} added to the blacklist (the oldest entry dropped beyond {@link #MAX_BLACKLIST}). */
  public Contact blacklisting(String id) {
    List<String> b = new ArrayList<>(blacklist);
    b.remove(id);
    b.add(id);
    while (b.size() > MAX_BLACKLIST) {
      b.remove(0);
    }
    return new Contact(key, name, transportId, discoveryUuid, lastSeen, verified, b, nextSeq, lastReceivedSeq);
  }

  /** {@code id} off the blacklist (it has since proven to be this contact). */
  public Contact unblacklisting(String id) {
    List<String> b = new ArrayList<>(blacklist);
    b.remove(id);
    return new Contact(key, name, transportId, discoveryUuid, lastSeen, verified, b, nextSeq, lastReceivedSeq);
  }
}
