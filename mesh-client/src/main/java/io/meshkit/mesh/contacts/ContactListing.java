package io.meshkit.mesh.contacts;

import io.meshkit.mesh.core.wire.Member;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds the two lists of docs/PROTOCOL.md §13.1.5 from the stored contacts and the network list: an entry whose
 * discovery UUID is a contact's, with a Transport ID not blacklisted for it, is that contact "on this network"; every
 * other entry is a stranger; every contact not found here is saved. Pure.
 */
final class ContactListing {
  private ContactListing() {}

  static ContactLists lists(Collection<Contact> contacts, List<Member> network, Predicate<String> connected,
                            Function<Contact, String> safety) {
    Map<String, Contact> byUuid = new HashMap<>();
    for (Contact c : contacts) {
      if (c.discoveryUuid() != null) {
        byUuid.put(c.discoveryUuid(), c);
      }
    }
    List<ContactView> here = new ArrayList<>();
    List<Member> strangers = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (Member m : network) {
      Contact c = byUuid.get(m.uuid());
      if (c != null && !c.blacklisted(m.transportId()) && present.add(c.fingerprint())) {
        here.add(view(c, m, connected.test(c.fingerprint()), safety.apply(c)));
      } else {
        strangers.add(m);
      }
    }
    List<ContactView> saved = new ArrayList<>();
    for (Contact c : contacts) {
      if (!present.contains(c.fingerprint())) {
        saved.add(view(c, null, connected.test(c.fingerprint()), safety.apply(c)));
      }
    }
    return new ContactLists(here, strangers, saved);
  }

  /** A contact as the lists show it; {@code here} is its network entry, or null when it is not on this network. */
  static ContactView view(Contact c, Member here, boolean connected, String safetyNumber) {
    return new ContactView(c.fingerprint(), c.key().hex(), c.name(),
        here != null && here.transportId() != null ? here.transportId() : c.transportId(),
        here == null ? null : here.discoveryId(), c.lastSeen(), c.verified(), connected, safetyNumber);
  }
}
