package io.meshkit.mesh.contacts;

/**
 * A contact as the lists show it.
 *
 * @param fingerprint  the identity key's fingerprint
 * @param key          the identity key, raw hex
 * @param name         its friendly name
 * @param transportId  where it is reached: the Transport ID listed on this network if it is here, else its last one
 * @param discoveryId  its Discovery ID on this network, or null when it is not here
 * @param lastSeen     wall clock of the last authenticated contact (Unix ms)
 * @param verified     the safety number was compared
 * @param connected    an authenticated link to it is open
 * @param safetyNumber the 60-digit safety number of our two keys
 */
public record ContactView(String fingerprint, String key, String name, String transportId, String discoveryId,
                          long lastSeen, boolean verified, boolean connected, String safetyNumber) {}
