package io.meshkit.signaling.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What the shared directory stores instead of a client's token: SHA-256 over the ID and the token.
 * Nodes compare hashes in Redis (same token, same hash), so whoever reads Redis (a backup, a
 * monitoring tool, a neighbour on a Redis without auth) learns no token it could re-attach with. The
 * ID is part of the input, so one token used for two IDs gives two unrelated hashes. PeerJS tokens
 * are random (about 50 bits from {@code Math.random}), which is what keeps a plain hash from being
 * reversed by guessing; this guards against reading Redis, not against guessing at the socket, which
 * the wrong-token throttle covers.
 */
final class TokenHash {
    private TokenHash() {}

    static String of(String id, String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(id.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
