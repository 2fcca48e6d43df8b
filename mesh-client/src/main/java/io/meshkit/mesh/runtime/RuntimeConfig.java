package io.meshkit.mesh.runtime;

import io.meshkit.mesh.beacon.BeaconSettings;
import io.meshkit.mesh.core.MeshConfig;
import io.meshkit.mesh.discovery.PublicIpDiscovery;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import java.util.List;

/**
 * Everything a {@link MeshRuntime} needs, resolved from flags: who we are, the protocol timings
 * ({@link MeshConfig}), where signaling and STUN live, and how discovery behaves.
 *
 * @param prefix     the fixed ID prefix (unused with a beacon)
 * @param iceServers ICE server URLs for WebRTC ({@code stun:host:port}); the same STUN server as discovery
 * @param beacon     where the beacon comes from (docs/PROTOCOL.md §13.3.5), or null for the fixed prefix
 */
public record RuntimeConfig(String prefix, String name, String discoveryUuid, MeshConfig mesh,
                            SignalingEndpoint signaling, SignalingClient.Settings signalingSettings,
                            List<String> iceServers, PublicIpDiscovery.Settings discovery, BeaconSettings beacon) {
    public RuntimeConfig {
        iceServers = List.copyOf(iceServers);
    }

    /** With the fixed prefix. */
    public RuntimeConfig(String prefix, String name, String discoveryUuid, MeshConfig mesh,
                         SignalingEndpoint signaling, SignalingClient.Settings signalingSettings,
                         List<String> iceServers, PublicIpDiscovery.Settings discovery) {
        this(prefix, name, discoveryUuid, mesh, signaling, signalingSettings, iceServers, discovery, null);
    }
}
