package io.meshkit.mesh.runtime;

import dev.onvoid.webrtc.RTCIceConnectionState;
import io.meshkit.mesh.core.wire.MeshMessage;
import io.meshkit.mesh.core.wire.MeshWire;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import io.meshkit.mesh.webrtc.DataConnection;
import io.meshkit.mesh.webrtc.PeerJsPeer;
import io.meshkit.mesh.webrtc.Serialization;
import java.net.http.HttpClient;
import java.util.List;
import java.util.function.Function;

/**
 * {@link SignalingPort} over the PeerJS adapter: one {@link PeerJsPeer} per claimed ID, its DataConnections as links
 * ({@code json}, reliable, when we open them; any serialization when a browser does). Every callback of the PeerJS
 * threads is handed to the {@link ExecutorLoop}, and nothing is delivered for a claim or link we closed.
 */
final class PeerJsSignaling implements SignalingPort {
  private final HttpClient http;
  private final ExecutorLoop loop;
  private final SignalingEndpoint endpoint;
  private final List<String> iceServers;
  private final SignalingClient.Settings settings;
  private final Function<String, String> beaconFor;

  /**
   * @param beaconFor the beacon an ID's signaling connection presents (docs/PROTOCOL.md §13.3.4), or null for none
   */
  PeerJsSignaling(HttpClient http, ExecutorLoop loop, SignalingEndpoint endpoint, List<String> iceServers,
                  SignalingClient.Settings settings, Function<String, String> beaconFor) {
    this.http = http;
    this.loop = loop;
    this.endpoint = endpoint;
    this.iceServers = List.copyOf(iceServers);
    this.settings = settings;
    this.beaconFor = beaconFor;
  }

  @Override
  public Claim claim(String id, ClaimListener listener) {
    PeerClaim c = new PeerClaim(listener);
    // The beacon is fixed for the claim's life: a reconnect presents the one the ID was made with.
    c.peer = new PeerJsPeer(http, loop.executor(), endpoint.withBeacon(beaconFor.apply(id)), id, iceServers, settings,
        c);
    return c;
  }

  /** One PeerJsPeer. */
  private final class PeerClaim implements Claim, PeerJsPeer.Listener {
    private final ClaimListener listener;
    private volatile PeerJsPeer peer;
    private volatile boolean closed;

    PeerClaim(ClaimListener listener) {
      this.listener = listener;
    }

    @Override
    public boolean isOpen() {
      return !closed && peer.isOpen();
    }

    @Override
    public Link connect(String remoteId, LinkListener l) {
      DataConnection c = peer.connect(remoteId, Serialization.JSON, true, null)
          .maxMessageBytes(MeshWire.MAX_RECEIVED_BYTES);
      PeerLink link = new PeerLink(c);
      link.delegate = l;
      c.listener(link);
      return link;
    }

    @Override
    public void close() {
      closed = true;
      peer.close();
    }

    @Override
    public void onOpen(PeerJsPeer p) {
      loop.execute(() -> {
        if (!closed) {
          listener.onClaimed();
        }
      });
    }

    @Override
    public void onConnection(PeerJsPeer p, DataConnection c) {
      // Register the listener now (on the peer's thread) so no event of the connection is missed; its events reach
      // the loop after the task below, which sets where they go.
      PeerLink link = new PeerLink(c);
      // docs/PROTOCOL.md §3.3: a receiver refuses (closing the link) what is over 16,299 bytes on any serialization.
      c.maxMessageBytes(MeshWire.MAX_RECEIVED_BYTES).listener(link);
      loop.execute(() -> {
        if (closed) {
          c.close();
          return;
        }
        link.delegate = listener.onInbound(c.peer(), link);
      });
    }

    @Override
    public void onClosed(PeerJsPeer p, String reason) {
      loop.execute(() -> {
        if (closed) {
          return;
        }
        closed = true;
        if ("ID-TAKEN".equals(reason)) {
          listener.onTaken();
        } else {
          listener.onLost(reason);
        }
      });
    }
  }

  /** One DataConnection. */
  private final class PeerLink implements Link, DataConnection.Listener {
    private final DataConnection connection;
    private volatile LinkListener delegate;
    private volatile boolean closed;

    PeerLink(DataConnection connection) {
      this.connection = connection;
    }

    @Override
    public void send(MeshMessage message) {
      // The JSON text on a json link, the same object BinaryPack-encoded on a binary one (what PeerJS's conn.send does
      // with an object): a browser that opened the link with PeerJS's default gets an object, not bytes of JSON.
      if (connection.serialization() == Serialization.JSON) {
        connection.sendJsonText(MeshWire.encode(message));
      } else {
        connection.send(MeshWire.toTree(message));
      }
    }

    @Override
    public void sendTree(java.util.Map<String, Object> tree) {
      if (connection.serialization() == Serialization.JSON) {
        connection.sendJsonText(MeshWire.Json.write(tree));
      } else {
        connection.send(tree);
      }
    }

    @Override
    public byte[][] dtlsFingerprints() {
      return new byte[][] {
          io.meshkit.mesh.identity.DtlsFingerprint.sha256(connection.localSdp()).orElse(null),
          io.meshkit.mesh.identity.DtlsFingerprint.sha256(connection.remoteSdp()).orElse(null)};
    }

    @Override
    public boolean reliable() {
      return connection.reliable();
    }

    @Override
    public void close() {
      closed = true;
      connection.close();
    }

    private void deliver(java.util.function.Consumer<LinkListener> event) {
      loop.execute(() -> {
        LinkListener d = delegate;
        if (!closed && d != null) {
          event.accept(d);
        }
      });
    }

    @Override
    public void onOpen(DataConnection c) {
      deliver(LinkListener::onOpen);
    }

    @Override
    public void onData(DataConnection c, Object value) {
      deliver(d -> d.onMessage(value));
    }

    @Override
    public void onIceState(DataConnection c, RTCIceConnectionState state) {
      // About 5 s after a silent loss ICE says disconnected while the channel stays "open" (PeerJS's close event never
      // fires): treat it as the end of the link.
      if (state == RTCIceConnectionState.DISCONNECTED) {
        c.close();
      }
    }

    @Override
    public void onClose(DataConnection c, String reason) {
      deliver(LinkListener::onClosed);
    }
  }
}
