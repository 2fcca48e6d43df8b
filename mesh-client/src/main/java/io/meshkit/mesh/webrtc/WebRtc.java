package io.meshkit.mesh.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.util.List;

/**
 * The process-wide libwebrtc factory. It must be built with a {@link HeadlessAudioDeviceModule}:
 * the default constructor aborts the JVM on a machine without an audio device (webrtc-java
 * 0.14.0; docs/ENVIRONMENT.md). One factory serves every peer connection of the process.
 */
public final class WebRtc {
    private static PeerConnectionFactory factory;

    private WebRtc() {}

    /** The shared factory, created on first use. */
    public static synchronized PeerConnectionFactory factory() {
        if (factory == null) {
            factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
        }
        return factory;
    }

    /** A configuration with the given ICE server URLs ({@code stun:host:port}); none gives host candidates only. */
    public static RTCConfiguration configuration(List<String> iceServerUrls) {
        RTCConfiguration config = new RTCConfiguration();
        if (!iceServerUrls.isEmpty()) {
            RTCIceServer server = new RTCIceServer();
            server.urls = List.copyOf(iceServerUrls);
            config.iceServers.add(server);
        }
        return config;
    }
}
