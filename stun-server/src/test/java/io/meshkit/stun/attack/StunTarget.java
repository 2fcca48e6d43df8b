package io.meshkit.stun.attack;

import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.Repo;
import io.meshkit.testkit.attack.ProductionJvm;
import io.meshkit.testkit.attack.TargetProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The STUN server's real jar under attack, started with the production JVM options on loopback with
 * its ops port on, and the legitimate clients the attack tests time: a Binding over UDP, a Binding
 * over a fresh TCP connection, {@code GET /health} on the ops port. Attackers use 127.0.0.1; the
 * legitimate client comes from {@link #LEGIT_SOURCE}, another source as far as per-source limits
 * go (Linux routes all of 127/8 to lo). {@code -Dmeshkit.attack.stunJar=PATH} attacks another build
 * (the "before" figures in docs/SECURITY.md came from the jar before the fixes).
 */
final class StunTarget {
    static final String HOST = "127.0.0.1";
    static final InetAddress LEGIT_SOURCE = address(127, 0, 0, 2);
    private static final SecureRandom RANDOM = new SecureRandom();

    final TargetProcess process;
    final int stunPort;
    final int opsPort;

    private StunTarget(TargetProcess process, int stunPort, int opsPort) {
        this.process = process;
        this.stunPort = stunPort;
        this.opsPort = opsPort;
    }

    static Path jar() {
        return TargetProcess.jar(Repo.root().resolve("stun-server/target/stun-server.jar"), "meshkit.attack.stunJar");
    }

    /** Starts the jar: STUN on UDP and TCP {@code stunPort}, ops HTTP on another port, plus {@code flags}. */
    static StunTarget start(String name, String... flags) {
        int stun = PeerServers.freeTcpPort();
        int ops = PeerServers.freeTcpPort();
        List<String> args = new ArrayList<>(List.of("--host", HOST, "--port", Integer.toString(stun),
                "--http-port", Integer.toString(ops), "--http-host", HOST));
        args.addAll(List.of(flags));
        // The ops port opens last, so once it accepts, STUN listens too. TargetProcess's HTTP calls go there.
        TargetProcess p = TargetProcess.startJar(name, jar(), jvmFlags(), args, HOST, ops, Duration.ofSeconds(60));
        return new StunTarget(p, stun, ops);
    }

    /**
     * The STUN server's production JVM options (docker/jvm: heap, direct memory, exit on out of
     * memory), or {@code -Dmeshkit.attack.jvmFlags} when given.
     */
    static List<String> jvmFlags() {
        return ProductionJvm.flags("stun-server");
    }

    static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A minimal Binding request (RFC 8489 §6) with a random transaction ID. */
    static byte[] bindingRequest() {
        byte[] tx = new byte[12];
        RANDOM.nextBytes(tx);
        return ByteBuffer.allocate(20).putShort((short) 0x0001).putShort((short) 0).putInt(0x2112A442).put(tx).array();
    }

    /** Throws unless {@code response} is a Binding success for {@code request}'s transaction. */
    static void checkSuccess(byte[] request, byte[] response, int length) {
        if (length < 20 || response[0] != 0x01 || response[1] != 0x01
                || !Arrays.equals(request, 8, 20, response, 8, 20)) {
            throw new IllegalStateException("not a Binding success for our transaction (" + length + " bytes)");
        }
    }

    /** One Binding over UDP from {@link #LEGIT_SOURCE}. */
    void udpBinding(Duration timeout) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LEGIT_SOURCE, 0))) {
            s.setSoTimeout((int) timeout.toMillis());
            byte[] req = bindingRequest();
            s.send(new DatagramPacket(req, req.length, new InetSocketAddress(HOST, stunPort)));
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            checkSuccess(req, buf, p.getLength());
        }
    }

    /** One Binding over a new TCP connection from {@link #LEGIT_SOURCE}. */
    void tcpBinding(Duration timeout) throws IOException {
        try (Socket s = connect(LEGIT_SOURCE, stunPort, timeout)) {
            byte[] req = bindingRequest();
            s.getOutputStream().write(req);
            byte[] head = readFully(s.getInputStream(), 20);
            int bodyLength = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
            readFully(s.getInputStream(), bodyLength);
            checkSuccess(req, head, 20);
        }
    }

    /** {@code GET /health} on the ops port over a new connection from {@link #LEGIT_SOURCE}. */
    void opsHealth(Duration timeout) throws IOException {
        String response = httpGet(LEGIT_SOURCE, opsPort, "/health", timeout);
        if (!response.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("GET /health: " + response.lines().findFirst().orElse("(nothing)"));
        }
    }

    static Socket connect(InetAddress from, int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(HOST, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** A one-shot HTTP/1.1 GET ({@code Connection: close}); the whole response as text. */
    static String httpGet(InetAddress from, int port, String path, Duration timeout) throws IOException {
        try (Socket s = connect(from, port, timeout)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.getInputStream().transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("connection closed after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /** Whether the server has closed {@code s}: a read sees the end of the stream (or a reset). */
    static boolean closedByServer(Socket s, Duration wait) {
        try {
            s.setSoTimeout((int) Math.max(1, wait.toMillis()));
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
