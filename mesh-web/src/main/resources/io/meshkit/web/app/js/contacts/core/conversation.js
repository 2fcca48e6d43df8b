// What the contacts core keeps per contact besides the stored contact: the outbox (messages not yet
// acknowledged, lowest sequence number first), the authenticated links (oldest first: messages go out on
// the oldest), how far the current link got, and when to try reaching the contact again.

export class Conversation {
  constructor() {
    this.outbox = [];
    this.links = [];
    this.sentUpTo = 0; // highest seq sent on the current link
    this.progressAt = 0; // when the current link last made progress (a send from idle, an ack)
    this.connecting = 0; // the ping link being set up, or 0
    this.retryAt = 0;
    this.retryDelay = 0;
    this.pingWanted = false;
  }

  /** The link messages go out on: the oldest authenticated one, or 0. */
  current() {
    return this.links.length > 0 ? this.links[0] : 0;
  }

  /** Messages sent on the current link and not acknowledged yet. */
  inFlight() {
    return this.outbox.filter((m) => m.seq <= this.sentUpTo).length;
  }
}
