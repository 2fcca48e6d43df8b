package io.meshkit.mesh.runtime;

import io.meshkit.mesh.core.wire.MeshMessage;
import io.meshkit.mesh.core.wire.MeshWire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory PeerJS world shared by several runtimes on one {@link ManualLoop}: a signaling server that grants each
 * ID to one claim (ID-TAKEN to the rest) and frees it when the claim closes, and links that deliver each message as
 * the JSON tree a PeerJS json link would (after {@value #LATENCY} ms), in order. Every callback is a loop task, as with
 * the real adapter.
 */
final class FakeSignaling implements SignalingPort {
  static final long LATENCY = 10;

  private final ManualLoop loop;
  private final Map<String, FakeClaim> holders = new HashMap<>();
  final List<String> claimed = new ArrayList<>();
  final List<MeshMessage> sent = new ArrayList<>();

  FakeSignaling(ManualLoop loop) {
    this.loop = loop;
  }

  boolean holds(String id) {
    return holders.containsKey(id);
  }

  @Override
  public Claim claim(String id, ClaimListener listener) {
    claimed.add(id);
    FakeClaim c = new FakeClaim(id, listener);
    loop.schedule(() -> {
      if (c.closed) {
        return;
      }
      if (holders.containsKey(id)) {
        c.closed = true;
        listener.onTaken();
      } else {
        holders.put(id, c);
        c.open = true;
        listener.onClaimed();
      }
    }, LATENCY);
    return c;
  }

  /** The server drops {@code id} (as after a lost signaling connection). */
  void lose(String id) {
    FakeClaim c = holders.remove(id);
    if (c != null) {
      c.open = false;
      c.closed = true;
      for (FakeLink l : new ArrayList<>(c.links)) {
        l.closeBothWays();
      }
      loop.execute(() -> c.listener.onLost("lost"));
    }
  }

  final class FakeClaim implements Claim {
    final String id;
    final ClaimListener listener;
    final List<FakeLink> links = new ArrayList<>();
    boolean open;
    boolean closed;

    FakeClaim(String id, ClaimListener listener) {
      this.id = id;
      this.listener = listener;
    }

    @Override
    public boolean isOpen() {
      return open && !closed;
    }

    @Override
    public Link connect(String remoteId, LinkListener l) {
      FakeLink mine = new FakeLink(this, l);
      links.add(mine);
      loop.schedule(() -> {
        FakeClaim target = holders.get(remoteId);
        if (mine.closed) {
          return;
        }
        if (target == null || target == this || !open) {
          mine.closed = true;
          l.onClosed(); // PeerJS peer-unavailable
          return;
        }
        FakeLink theirs = new FakeLink(target, null);
        target.links.add(theirs);
        mine.other = theirs;
        theirs.other = mine;
        theirs.listener = target.listener.onInbound(id, theirs);
        if (theirs.listener == null) {
          theirs.closed = true;
          mine.closeBothWays();
          return;
        }
        l.onOpen();
        theirs.listener.onOpen();
      }, LATENCY);
      return mine;
    }

    @Override
    public void close() {
      if (closed && !open) {
        return;
      }
      closed = true;
      open = false;
      holders.remove(id, this);
      for (FakeLink l : new ArrayList<>(links)) {
        l.close();
      }
    }
  }

  final class FakeLink implements Link {
    final FakeClaim owner;
    LinkListener listener;
    FakeLink other;
    boolean closed;
    /** Closed by its own side: nothing more is delivered to it. Closed by the other side: what was sent still is. */
    boolean closedHere;

    FakeLink(FakeClaim owner, LinkListener listener) {
      this.owner = owner;
      this.listener = listener;
    }

    @Override
    public void send(MeshMessage message) {
      if (closed || other == null) {
        return;
      }
      sent.add(message);
      FakeLink to = other;
      Object tree = MeshWire.toTree(message); // what a json link's JSON.parse would give
      loop.schedule(() -> {
        // Like SCTP: messages sent before a close still arrive, before the close itself.
        if (!to.closedHere && to.listener != null) {
          to.listener.onMessage(tree);
        }
      }, LATENCY);
    }

    /** Sends a raw tree (anything a remote peer could send). */
    void sendRaw(Object tree) {
      FakeLink to = other;
      loop.schedule(() -> {
        if (!to.closedHere && to.listener != null) {
          to.listener.onMessage(tree);
        }
      }, LATENCY);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      closedHere = true;
      owner.links.remove(this);
      if (other != null && !other.closed) {
        FakeLink o = other;
        o.closed = true;
        o.owner.links.remove(o);
        loop.schedule(() -> {
          if (o.listener != null) {
            o.listener.onClosed();
          }
        }, LATENCY);
      }
    }

    void closeBothWays() {
      close();
    }
  }
}
