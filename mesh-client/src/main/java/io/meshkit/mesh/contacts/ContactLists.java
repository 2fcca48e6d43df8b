package io.meshkit.mesh.contacts;

import io.meshkit.mesh.core.wire.Member;
import java.util.List;

/**
 * The two lists the design draws: "on this network" (known contacts found in the network list by discovery UUID, and
 * strangers) and "saved contacts" (known, not on this network).
 */
public record ContactLists(List<ContactView> here, List<Member> strangers, List<ContactView> saved) {
  public ContactLists {
    here = List.copyOf(here);
    strangers = List.copyOf(strangers);
    saved = List.copyOf(saved);
  }
}
