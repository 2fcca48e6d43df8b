package io.meshkit.mesh.runtime;

import io.meshkit.mesh.core.MeshIds;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Transport ID registered for as long as the client runs (docs/PROTOCOL.md §3.1: "always, while it runs").
 *
 * <p>The signaling client re-attaches by itself after a drop (same token; the server registers the ID again if it
 * forgot it), so what is left here are the ends it cannot mend:
 * <ul>
 *   <li><b>taken</b> ({@code ID-TAKEN}): someone registered our ID while we were away (past the server's
 *       {@code alive_timeout}): a new ID {@code {prefix}-{new uuid}} is claimed, since the old one is no longer ours
 *       and a Transport ID has no value of its own (contacts follow it by identity, §13.1);</li>
 *   <li><b>lost</b> (a final server error, or a client that gave up): the same ID is claimed again, unless its prefix
 *       is no longer the current one (a beacon prefix that rotated away, docs/PROTOCOL.md §13.3.5: a server that
 *       enforces the beacon refuses it); then a new ID under the current prefix.</li>
 * </ul>
 * Both after a back-off ({@value #FIRST_RETRY_MILLIS} ms, doubling up to {@value #MAX_RETRY_MILLIS} ms, reset once the
 * server confirms), so a server that refuses us is not hammered. Every new ID the server confirms is reported to
 * {@link Listener#changed}; the mesh core re-checks in with it and contacts announce it. Runs on the {@link EventLoop}.
 */
final class TransportRegistration {
  private static final Logger LOG = LoggerFactory.getLogger(TransportRegistration.class);
  /** First delay before claiming again. */
  static final long FIRST_RETRY_MILLIS = 1_000;
  /** Longest delay between two claims. */
  static final long MAX_RETRY_MILLIS = 60_000;

  /** What the registration reports. */
  interface Listener {
    /** The server confirmed {@code newId}, which replaces {@code oldId} as our Transport ID. */
    void changed(String oldId, String newId, String why);

    /** Someone opened a link to our Transport ID {@code localId}. */
    SignalingPort.LinkListener inbound(String localId, String remoteId, SignalingPort.Link link);

    /** The server holds {@code id} for us (after every registration, the first one included). */
    default void registered(String id) {}
  }

  private final SignalingPort signaling;
  private final EventLoop loop;
  /** The prefix new IDs take (the fixed one, or the current beacon's). */
  private final Supplier<String> prefix;
  private final Supplier<String> uuids;
  private final Listener listener;

  /** The ID in use: registered, or being claimed; others reach us there. */
  private String id;
  /** The ID the server last confirmed (what the core and the contacts know). */
  private String confirmed;
  private SignalingPort.Claim claim;
  private String why;
  private long nextDelay = FIRST_RETRY_MILLIS;
  private int generation;
  private boolean closed;

  TransportRegistration(SignalingPort signaling, EventLoop loop, Supplier<String> prefix, Supplier<String> uuids,
                        Listener listener) {
    this.signaling = signaling;
    this.loop = loop;
    this.prefix = prefix;
    this.uuids = uuids;
    this.listener = listener;
  }

  /** Claims {@code firstId} (the ID the core and contacts start with). */
  void start(String firstId) {
    id = firstId;
    confirmed = firstId;
    register();
  }

  /** The ID in use. */
  String id() {
    return id;
  }

  /** The claim of the ID in use (null between a loss and the next claim). */
  SignalingPort.Claim claim() {
    return claim;
  }

  /**
   * Replaces the ID in use by a new {@code {prefix}-{uuid}} now (the user asked: a Transport ID is an address, and
   * changing it unlinks what comes next from what came before). Reported through {@link Listener#changed} once the
   * server confirms it, with {@code why} = {@code "renewed"}.
   */
  void renew() {
    if (closed) {
      return;
    }
    if (claim != null) {
      claim.close();
    }
    why = "renewed";
    id = MeshIds.transportId(prefix.get(), uuids.get());
    register();
  }

  /** Releases the ID; nothing more is claimed. */
  void close() {
    closed = true;
    generation++;
    if (claim != null) {
      claim.close();
      claim = null;
    }
  }

  private void register() {
    int gen = ++generation;
    String claimed = id;
    claim = signaling.claim(claimed, new SignalingPort.ClaimListener() {
      @Override
      public void onClaimed() {
        if (gen != generation) {
          return;
        }
        nextDelay = FIRST_RETRY_MILLIS;
        LOG.debug("transport ID {} registered", claimed);
        listener.registered(claimed);
        if (!claimed.equals(confirmed)) {
          String old = confirmed;
          confirmed = claimed;
          listener.changed(old, claimed, why);
        }
      }

      @Override
      public void onTaken() {
        if (gen != generation) {
          return;
        }
        String fresh = MeshIds.transportId(prefix.get(), uuids.get());
        LOG.warn("transport ID {} is taken by someone else; registering {} in {} ms", claimed, fresh, nextDelay);
        why = "taken";
        again(fresh);
      }

      @Override
      public void onLost(String reason) {
        if (gen != generation) {
          return;
        }
        why = "lost";
        String current = prefix.get();
        if (claimed.startsWith(current + "-")) {
          LOG.warn("transport ID {} lost ({}); registering it again in {} ms", claimed, reason, nextDelay);
          again(claimed);
        } else {
          String fresh = MeshIds.transportId(current, uuids.get());
          LOG.warn("transport ID {} lost ({}); its prefix is not the current one: registering {} in {} ms", claimed,
              reason, fresh, nextDelay);
          again(fresh);
        }
      }

      @Override
      public SignalingPort.LinkListener onInbound(String remoteId, SignalingPort.Link link) {
        return listener.inbound(claimed, remoteId, link);
      }
    });
  }

  private void again(String nextId) {
    claim = null;
    long delay = nextDelay;
    nextDelay = Math.min(MAX_RETRY_MILLIS, nextDelay * 2);
    int gen = ++generation;
    loop.schedule(() -> {
      if (gen == generation && !closed) {
        id = nextId;
        register();
      }
    }, delay);
  }
}
