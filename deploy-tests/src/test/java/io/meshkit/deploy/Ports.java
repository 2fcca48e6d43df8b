package io.meshkit.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports for published container ports. */
final class Ports {
    private Ports() {}

    /** A port free on loopback for TCP. */
    static int freeTcp() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free on loopback for TCP and UDP at once (STUN serves both on one number). */
    static int freeTcpAndUdp() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freeTcp();
            try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no port free for both TCP and UDP on loopback");
    }
}
