package io.meshkit.mesh.sim;

import io.meshkit.mesh.contacts.ContactWire;
import io.meshkit.mesh.contacts.Handshake;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.identity.HandshakeTranscript;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.rendezvous.Notes;
import java.util.UUID;

/**
 * The squatters of a {@link RendezvousSim}: a few identities that take freed Transport IDs, and watch the signaling
 * server for rendezvous Discovery IDs to race their namespaces for slot 1 (or connect to its holder). On every link they
 * answer with their own key: a valid handshake, then a note signed in their own name. They hold IDs in the world's
 * server under negative indexes.
 */
final class RendezvousSquatters {
  private final RendezvousSim w;
  private final Identity[] keys;
  private final double squatTransportId;
  private final double squatSlot;

  RendezvousSquatters(RendezvousSim w, Identity[] keys, double squatTransportId, double squatSlot) {
    this.w = w;
    this.keys = keys.clone();
    this.squatTransportId = squatTransportId;
    this.squatSlot = squatSlot;
  }

  /** A squatter may take a freed Transport ID for a while and answer there with its own key. */
  void maybeSquat(String tid) {
    if (w.rnd.nextDouble() >= squatTransportId) {
      return;
    }
    RendezvousSim.Holder sq = new RendezvousSim.Holder(-1 - w.rnd.nextInt(keys.length), 0);
    w.at(w.now() + 1_000 + w.rnd.nextLong(30_000), () -> {
      if (!w.ids.containsKey(tid)) {
        w.ids.put(tid, sq);
        w.at(w.now() + w.exp(3_600_000), () -> w.ids.remove(tid, sq));
      }
    });
  }

  /**
   * A squatter who watches the signaling server sees a rendezvous Discovery ID registered and, sometimes, races for
   * slot 1 of that namespace before the client's start delay is over; when slot 1 is taken already, it connects to
   * its holder instead. Either way it answers with its own key.
   */
  void watch(String id) {
    if (!RendezvousSim.rendezvous(id) || !isDiscovery(id) || w.rnd.nextDouble() >= squatSlot) {
      return;
    }
    String base = id.substring(0, id.length() - 37);
    String slot1 = base + "-1";
    RendezvousSim.Holder sq = new RendezvousSim.Holder(-1 - w.rnd.nextInt(keys.length), 0);
    w.at(w.now() + 100 + w.rnd.nextLong(500), () -> {
      RendezvousSim.Holder h = w.ids.get(slot1);
      if (h == null) {
        w.ids.put(slot1, sq);
        w.at(w.now() + RendezvousSim.SLOT + 2 * 60_000, () -> w.ids.remove(slot1, sq));
        return;
      }
      if (h.who() < 0) {
        return;
      }
      String local = base + "-" + uuid();
      w.ids.put(local, sq);
      w.at(w.now() + 2 * w.sig() + 2 * w.latency(), () -> {
        RendezvousSimClient t = w.clients.get(h.who());
        if (!h.equals(w.ids.get(slot1)) || !t.online || t.inc != h.inc()) {
          w.ids.remove(local, sq);
          return;
        }
        LinkEnd mine = new LinkEnd(sq.who(), 0, local, slot1, w.bytes(HandshakeTranscript.FINGERPRINT_BYTES));
        LinkEnd theirs = new LinkEnd(t.index, t.inc, slot1, local, t.dtls);
        LinkEnd.join(mine, theirs);
        w.replace(t, slot1 + " " + local, theirs);
        opened(mine, true);
        w.submit(t, true, new MeshEvent.Connected(slot1, local, true), null);
        w.at(w.now() + 60_000, () -> w.ids.remove(local, sq));
      });
    });
  }

  private static boolean isDiscovery(String id) {
    int dash = id.lastIndexOf('-');
    return id.length() - dash - 1 > 2; // a UUID's last group, not a slot number
  }

  private String uuid() {
    return new UUID(w.rnd.nextLong(), w.rnd.nextLong()).toString();
  }

  void opened(LinkEnd e, boolean initiator) {
    byte[] nonce = w.bytes(HandshakeTranscript.NONCE_BYTES);
    e.squat = new Handshake(keys[-1 - e.who], initiator ? HandshakeTranscript.Role.INITIATOR
        : HandshakeTranscript.Role.RESPONDER, e.local, e.remote, e.fingerprint, e.other.fingerprint, nonce);
    w.send(e, ContactWire.toTree(e.squat.hello()));
  }

  void received(LinkEnd e, Object tree) {
    if (e.closed || !(ContactWire.fromTree(tree) instanceof ContactWire.Decoded.Ok ok) || e.squat == null) {
      return;
    }
    Handshake.Outcome o = e.squat.onMessage(ok.message());
    if (o instanceof Handshake.Outcome.Continue c) {
      c.reply().ifPresent(r -> w.send(e, ContactWire.toTree(r)));
      return;
    }
    e.squat = null; // over: whatever comes next (a note) is ignored
    if (o instanceof Handshake.Outcome.Authenticated a) {
      // The best a squatter can do: a note in its own name, pointing at itself.
      Identity me = keys[-1 - e.who];
      w.send(e, ContactWire.toTree(Notes.write(me, a.peer(), e.local, RendezvousSim.BASE + w.now())));
    }
  }
}
