package io.meshkit.mesh.rendezvous;

/** What the user is told about special contacts and rendezvous (terminal UI lines, {@code --json} events). */
public sealed interface RendezvousNotification {

  /** {@code contact} asks to become special contacts: answer with {@code MakeSpecial} or {@code DeclineSpecial}. */
  record SpecialRequested(String contact, String name) implements RendezvousNotification {}

  /** We asked {@code contact} (the offer is out, or goes out on the next link to it). */
  record SpecialAsked(String contact) implements RendezvousNotification {}

  /**
   * Special or not any more: {@code reason} {@code agreed}, {@code declined} (by the contact), {@code refused} (by us),
   * {@code no-answer}, {@code ended} (by us), {@code ended-by-contact}, or {@code mismatch} (the two sides held
   * different secrets: ended).
   */
  record SpecialChanged(String contact, boolean special, String reason) implements RendezvousNotification {}

  /** The rendezvous state of a special contact changed. */
  record StateChanged(String contact, SpecialState state) implements RendezvousNotification {}

  /** We met {@code contact} in a rendezvous namespace; it is at {@code transportId} now. */
  record Met(String contact, String transportId, boolean initiator) implements RendezvousNotification {}

  /**
   * Someone in {@code contact}'s rendezvous namespace ({@code peer}, its PeerJS ID there) did not prove to be the
   * contact ({@code reason}): nothing from it was believed.
   */
  record Imposter(String contact, String peer, String reason) implements RendezvousNotification {}

  /** {@code contact} has been looked for and unseen for over 30 days: ask the user whether to pause it. */
  record PauseSuggested(String contact, String name, long lastSeen) implements RendezvousNotification {}

  /** A command could not be carried out. */
  record CommandFailed(String command, String reason) implements RendezvousNotification {}
}
