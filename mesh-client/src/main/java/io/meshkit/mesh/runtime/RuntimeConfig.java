package io.meshkit.mesh.runtime;

import io.meshkit.mesh.core.MeshConfig;
import io.meshkit.mesh.discovery.PublicIpDiscovery;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import java.util.List;

/**
 * Everything a {@link MeshRuntime} needs, resolved from flags: who we are, the protocol timings
 * ({@link MeshConfig}), where signaling and STUN live, and how discovery behaves.
 *
 * @param iceServers ICE server URLs for WebRTC ({@code stun:host:port}); the same STUN server as discovery
 */
public record RuntimeConfig(String prefix, String name, String discoveryUuid, MeshConfig mesh,
                            SignalingEndpoint signaling, SignalingClient.Settings signalingSettings,
                            List<String> iceServers, PublicIpDiscovery.Settings discovery) {
    public RuntimeConfig {
        iceServers = List.copyOf(iceServers);
    }
}
