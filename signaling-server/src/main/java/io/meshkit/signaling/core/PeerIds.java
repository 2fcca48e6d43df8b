package io.meshkit.signaling.core;

/**
 * What a PeerJS ID may look like: the PeerJS client's own rule ({@code util.validateId},
 * {@code /^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/}: letters and digits, with single {@code -},
 * {@code _} or space between) and at most {@code maxLength} characters. Every ID a PeerJS client
 * registers passes; the reference server checks nothing, so an ID is also a way to make it hold an
 * arbitrary string.
 */
public final class PeerIds {
    private PeerIds() {}

    /** Default longest ID: mesh-kit's own IDs are at most 128 characters, a PeerJS UUID is 36. */
    public static final int DEFAULT_MAX_LENGTH = 128;

    /** Whether {@code id} is a valid PeerJS ID of at most {@code maxLength} characters. */
    public static boolean isValid(String id, int maxLength) {
        int n = id == null ? 0 : id.length();
        if (n == 0 || n > maxLength) {
            return false;
        }
        boolean afterSeparator = true; // the first character must be alphanumeric
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                afterSeparator = false;
            } else if ((c == '-' || c == '_' || c == ' ') && !afterSeparator) {
                afterSeparator = true;
            } else {
                return false;
            }
        }
        return !afterSeparator; // nor may the last be a separator
    }
}
