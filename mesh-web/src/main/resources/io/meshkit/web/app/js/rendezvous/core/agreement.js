// Becoming and ending special contacts (docs/PROTOCOL.md §13.2.6): offers and answers over authenticated contact
// links, the check that both sides hold the same secret. The secret itself is derived and stored by the adapter
// (HKDF is WebCrypto's): this part asks for it with an `agree` effect, which carries the reply to send once it is
// stored, and hears back `agreed`. Contributions come in with the events (the adapter's CSPRNG).

import * as wire from '../../contacts/core/wire.js';

export class Agreement {
  /** @param {object} node the rendezvous node: fx, t, contacts (fp -> view), specials (fp -> special), now */
  constructor(node) {
    this.n = node;
    this.outgoing = new Map(); // fp -> {contribution, until}
    this.incoming = new Map();
    this.unsent = new Map(); // fp -> message for the next authenticated link (the latest wins)
  }

  live(offers, fp) {
    const o = offers.get(fp);
    if (o && o.until <= this.n.now) {
      offers.delete(fp);
      return null;
    }
    return o ?? null;
  }

  /** The user asks to make `fp` special, or agrees to its offer; `contribution`: 32 fresh random bytes (hex). */
  make(fp, contribution) {
    const n = this.n;
    const view = n.contacts.get(fp);
    if (!view) return n.failed('special', 'no such contact');
    const theirs = this.live(this.incoming, fp);
    if (theirs) {
      this.incoming.delete(fp);
      n.fx.notify({ type: 'agree', contact: fp, key: view.key, mine: contribution, theirs: theirs.contribution,
        reply: wire.specialAccept(contribution) });
      return undefined;
    }
    if (n.specials.has(fp)) return n.failed('special', 'already a special contact');
    if (this.live(this.outgoing, fp)) return n.failed('special', 'already asked; waiting for the answer');
    this.outgoing.set(fp, { contribution, until: n.now + n.t.offerTimeout });
    this.send(fp, wire.specialOffer(contribution));
    n.fx.setTimer(`offer:${fp}`, n.now + n.t.offerTimeout);
    n.tell({ event: 'special-asked', contact: fp });
    return undefined;
  }

  decline(fp) {
    if (!this.incoming.delete(fp)) return this.n.failed('special-decline', 'no offer from this contact');
    this.send(fp, wire.specialEnd());
    this.n.tell({ event: 'special-changed', contact: fp, special: false, reason: 'refused' });
    return undefined;
  }

  /** The user ends it (or withdraws an offer). */
  end(fp) {
    const offered = this.outgoing.delete(fp);
    if (!this.n.specials.has(fp) && !offered) return this.n.failed('special-end', 'not a special contact');
    this.send(fp, wire.specialEnd());
    this.n.ended(fp, 'ended');
    return undefined;
  }

  /** A special-contact message from contact `fp` on an authenticated link. */
  onMessage(fp, m) {
    const n = this.n;
    const view = n.contacts.get(fp);
    if (!view) return;
    if (m.type === 'special-offer') {
      const mine = this.live(this.outgoing, fp);
      if (mine) {
        // Both asked at once: that is agreement; the secret is ordered by key, so both get the same without a reply.
        this.outgoing.delete(fp);
        n.fx.notify({ type: 'agree', contact: fp, key: view.key, mine: mine.contribution, theirs: m.contribution,
          reply: null });
      } else {
        this.incoming.set(fp, { contribution: m.contribution, until: n.now + n.t.offerTimeout });
        n.fx.setTimer(`offer:${fp}`, n.now + n.t.offerTimeout);
        n.tell({ event: 'special-requested', contact: fp, name: view.name });
      }
    } else if (m.type === 'special-accept') {
      const mine = this.live(this.outgoing, fp);
      if (!mine) {
        this.send(fp, wire.specialEnd()); // nothing asked (any more): the other side must not keep it
        return;
      }
      this.outgoing.delete(fp);
      n.fx.notify({ type: 'agree', contact: fp, key: view.key, mine: mine.contribution, theirs: m.contribution,
        reply: null });
    } else if (m.type === 'special-end') {
      const offered = this.outgoing.delete(fp);
      this.incoming.delete(fp);
      if (n.specials.has(fp)) n.ended(fp, 'ended-by-contact');
      else if (offered) n.tell({ event: 'special-changed', contact: fp, special: false, reason: 'declined' });
    } else if (m.type === 'special-check') {
      const s = n.specials.get(fp)?.stored;
      if (!s || s.check !== m.check) {
        this.send(fp, wire.specialEnd());
        if (s) n.ended(fp, 'mismatch');
      }
    }
  }

  /** An authenticated link to `fp` is up: what waited goes out, and the check if we hold a secret. */
  onConnected(fp) {
    const waiting = this.unsent.get(fp);
    this.unsent.delete(fp);
    if (waiting) this.n.toContacts({ type: 'special-send', contact: fp, message: waiting });
    const s = this.n.specials.get(fp)?.stored;
    if (s) this.n.toContacts({ type: 'special-send', contact: fp, message: wire.specialCheck(s.check) });
  }

  onTimer(fp) {
    const out = this.outgoing.get(fp);
    if (out && out.until <= this.n.now) {
      this.outgoing.delete(fp);
      this.unsent.delete(fp);
      this.n.tell({ event: 'special-changed', contact: fp, special: false, reason: 'no-answer' });
    }
    const inc = this.incoming.get(fp);
    if (inc && inc.until <= this.n.now) this.incoming.delete(fp);
  }

  /** Sends now if a link is up; else keeps it for the next link and asks the contacts core to reach the contact. */
  send(fp, message) {
    if (this.n.connected(fp)) {
      this.n.toContacts({ type: 'special-send', contact: fp, message });
    } else {
      this.unsent.set(fp, message);
      this.n.toContacts({ type: 'ping', contact: fp });
    }
  }

  asking(fp) { return this.outgoing.has(fp); }
  asked(fp) { return this.incoming.has(fp); }
}
