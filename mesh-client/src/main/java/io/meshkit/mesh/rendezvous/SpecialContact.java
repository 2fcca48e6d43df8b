package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.identity.IdentityKey;
import java.util.Objects;

/**
 * A special contact as stored (docs/PROTOCOL.md §13.2.6): whose, the shared secret (as private as the identity key),
 * and what the back-off and the pause prompt need across restarts.
 *
 * @param key          the contact's identity key
 * @param secret       the 32-byte shared secret
 * @param since        wall clock (Unix ms) when both agreed
 * @param lastSeen     wall clock of the last authenticated contact (a direct link, or a meeting)
 * @param paused       the user paused rendezvous for it
 * @param pauseAskedAt wall clock when the user was last asked whether to pause it (0: never)
 */
public record SpecialContact(IdentityKey key, byte[] secret, long since, long lastSeen, boolean paused,
                             long pauseAskedAt) {
  public SpecialContact {
    Objects.requireNonNull(key, "key");
    secret = RendezvousNamespace.requireSecret(secret).clone();
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  /** The contact's fingerprint: how it is named. */
  public String fingerprint() {
    return key.fingerprint();
  }

  SpecialContact seen(long wall) {
    return new SpecialContact(key, secret, since, Math.max(lastSeen, wall), paused, pauseAskedAt);
  }

  SpecialContact paused(boolean p, long askedAt) {
    return new SpecialContact(key, secret, since, lastSeen, p, askedAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpecialContact s && key.equals(s.key) && java.util.Arrays.equals(secret, s.secret)
        && since == s.since && lastSeen == s.lastSeen && paused == s.paused && pauseAskedAt == s.pauseAskedAt;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, since, lastSeen, paused, pauseAskedAt);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "SpecialContact[" + fingerprint().substring(0, 16) + ", since=" + since + ", lastSeen=" + lastSeen
        + ", paused=" + paused + "]";
  }
}
