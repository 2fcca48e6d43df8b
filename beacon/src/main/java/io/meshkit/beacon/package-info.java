/**
 * The beacon (docs/PROTOCOL.md §13.3): an issuer signs each period of time with an ECDSA P-256 key, clients use a
 * hash of that signature as their ID prefix, and a signaling server may refuse IDs without a valid one.
 *
 * <p>Everything here is pure: no clock (time is an argument), no randomness (signatures are deterministic, RFC 6979),
 * no files or sockets (PEM comes in as text). The signaling server issues ({@link io.meshkit.beacon.BeaconSigner}) and
 * gates ({@link io.meshkit.beacon.BeaconGate}); the mesh client verifies and derives the prefix
 * ({@link io.meshkit.beacon.BeaconKeys}, {@link io.meshkit.beacon.BeaconPrefix}).
 */
package io.meshkit.beacon;
