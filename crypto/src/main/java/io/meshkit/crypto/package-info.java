/**
 * ECDSA P-256 as the mesh uses it, in one place: the raw public encoding and its fingerprint, P1363 signatures,
 * deterministic (RFC 6979) signing. The mesh client's identity ({@code io.meshkit.mesh.identity}) and the beacon
 * ({@code io.meshkit.beacon}) wrap these with their own meaning and text forms. Pure: no files, sockets or clock.
 */
package io.meshkit.crypto;
