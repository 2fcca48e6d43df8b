package io.meshkit.mesh.rendezvous;

/** Where a special contact stands (docs/PROTOCOL.md §13.2.7). */
public enum SpecialState {
  /** An authenticated link to it is up, or was the last thing that happened: no rendezvous. */
  DIRECT("direct"),
  /** A direct contact failed (no answer, or an impostor at its Transport ID): look for it in rendezvous namespaces. */
  SEEKING("seeking"),
  /** Our Transport ID changed while it was not connected: wait for it in rendezvous namespaces with a note. */
  NOTE("note"),
  /** The user paused it: no rendezvous. */
  PAUSED("paused");

  private final String wire;

  SpecialState(String wire) {
    this.wire = wire;
  }

  /** The name in {@code --json} events. */
  public String wireName() {
    return wire;
  }

  /** True when the contact is looked for in rendezvous namespaces. */
  public boolean looking() {
    return this == SEEKING || this == NOTE;
  }
}
