package io.meshkit.stun;

import static io.meshkit.stun.TestMessages.binding;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.stun.core.DropReason;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.stunclient.SimpleAddressDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process server on loopback (IPv4 and IPv6, UDP and TCP) with ice4j's STUN client and raw sockets. */
class StunServerIT {
    static final InetAddress V4 = InetAddress.getLoopbackAddress();
    static InetAddress v6;
    static StunServer server;
    static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void start() throws Exception {
        v6 = InetAddress.getByName("::1");
        server = StunServer.start(new StunServerConfig(List.of(V4, v6), 0, 0, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), false, false, 0, 1, 1024,
                new StunServerConfig.TcpLimits(64, 64, 30, 5), 1,
                StunServerConfig.DEFAULT_UDP_RECEIVE_BUFFER, StunServerConfig.DEFAULT_UDP_SEND_BUFFER));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static InetSocketAddress udp(InetAddress family) {
        return server.udpAddresses().stream().filter(a -> a.getAddress().equals(family)).findFirst().orElseThrow();
    }

    static InetSocketAddress tcp(InetAddress family) {
        return server.tcpAddresses().stream().filter(a -> a.getAddress().equals(family)).findFirst().orElseThrow();
    }

    @Test
    void ice4jClientGetsItsOwnAddressOverUdpIpv4AndIpv6() throws Exception {
        for (InetAddress family : List.of(V4, v6)) {
            InetSocketAddress srv = udp(family);
            SimpleAddressDetector detector = new SimpleAddressDetector(new TransportAddress(srv, Transport.UDP));
            detector.start();
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(family, 0))) {
                int localPort = socket.getLocalPort(); // ice4j closes the socket when done
                TransportAddress mapped = detector.getMappingFor(new IceUdpSocketWrapper(socket));
                assertThat(mapped).as("mapping from %s", srv).isNotNull();
                assertThat(mapped.getAddress()).isEqualTo(family);
                assertThat(mapped.getPort()).isEqualTo(localPort);
            } finally {
                detector.shutDown();
            }
        }
    }

    @Test
    void tcpClientGetsItsOwnAddressForBackToBackRequests() throws Exception {
        for (InetAddress family : List.of(V4, v6)) {
            try (Socket s = new Socket()) {
                s.connect(tcp(family), 2000);
                s.setSoTimeout(3000);
                // Two requests in one write: RFC 8489 §6.2.2 framing must split them.
                byte[] tx1 = tx();
                byte[] tx2 = tx();
                byte[] both = concat(ice4jBindingRequest(tx1), ice4jBindingRequest(tx2));
                s.getOutputStream().write(both);
                for (byte[] tx : List.of(tx1, tx2)) {
                    Message m = readMessage(s.getInputStream());
                    assertThat(m.getTransactionID()).isEqualTo(tx);
                    XorMappedAddressAttribute x = (XorMappedAddressAttribute) m.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
                    assertThat(x.getAddress(tx)).isEqualTo(new InetSocketAddress(family, s.getLocalPort()));
                }
            }
        }
    }

    @Test
    void tcpGarbageClosesTheConnectionAndServerKeepsAnswering() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(tcp(V4), 2000);
            s.setSoTimeout(3000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket s = new Socket()) {
            s.connect(tcp(V4), 2000);
            s.setSoTimeout(3000);
            byte[] tx = tx();
            s.getOutputStream().write(ice4jBindingRequest(tx));
            assertThat(readMessage(s.getInputStream()).getTransactionID()).isEqualTo(tx);
        }
    }

    @Test
    void malformedDatagramsGetNothingAndValidOnesStillGetAnswers() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(V4, 0))) {
            socket.setSoTimeout(300);
            byte[] valid = binding(tx()).build();
            byte[] response = binding(tx()).build();
            response[1] = 0x01;
            response[0] = 0x01; // 0x0101 success response
            byte[] indication = binding(tx()).build();
            indication[1] = 0x11;
            byte[] badFingerprint = binding(tx()).buildWithFingerprint();
            badFingerprint[badFingerprint.length - 1] ^= 1;
            List<byte[]> junk = List.of(new byte[0], new byte[7], "hello".getBytes(), random(100), random(3000),
                    Arrays.copyOf(valid, 19), Arrays.copyOf(valid, 24), response, indication, badFingerprint,
                    notStun(valid));
            long droppedBefore = totalDropped();
            for (byte[] j : junk) {
                socket.send(new DatagramPacket(j, j.length, udp(V4)));
            }
            // The server answers the valid one (and only it): read until the deadline, expect exactly one reply.
            byte[] tx = tx();
            byte[] ok = binding(tx).build();
            socket.send(new DatagramPacket(ok, ok.length, udp(V4)));
            DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            socket.setSoTimeout(3000);
            socket.receive(in);
            Message m = Message.decode(in.getData(), (char) 0, (char) in.getLength());
            assertThat(m.getTransactionID()).isEqualTo(tx);
            socket.setSoTimeout(300);
            assertThat(receiveOrNull(socket)).as("no answer to any malformed packet").isNull();
            assertThat(totalDropped() - droppedBefore).isGreaterThanOrEqualTo(junk.size());
        }
    }

    @Test
    void unknownComprehensionRequiredAttributeGets420() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            socket.setSoTimeout(3000);
            byte[] tx = tx();
            byte[] req = binding(tx).attr(0x7777, new byte[4]).buildWithFingerprint();
            socket.send(new DatagramPacket(req, req.length, udp(v6)));
            DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            socket.receive(in);
            Message m = Message.decode(in.getData(), (char) 0, (char) in.getLength());
            assertThat((int) m.getMessageType()).isEqualTo(0x0111);
            assertThat((int) ((ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE)).getErrorCode()).isEqualTo(420);
            assertThat(m.getAttribute(Attribute.FINGERPRINT)).isNotNull();
        }
    }

    @Test
    void rateLimitAnswersOnlyTheBurstFromOneSource() throws Exception {
        StunServerConfig cfg = StunServerConfig.defaults(V4, 0).withTcpPort(-1).withRateLimit(1, 5);
        try (StunServer limited = StunServer.start(cfg);
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(V4, 0))) {
            InetSocketAddress srv = limited.udpAddresses().get(0);
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                byte[] req = binding(tx()).build();
                socket.send(new DatagramPacket(req, req.length, srv));
            }
            socket.setSoTimeout(1000);
            int answers = 0;
            while (receiveOrNull(socket) != null) {
                answers++;
            }
            // Burst 5, then 1 token a second: 5 answers plus one per second the run took (a busy
            // machine may be slow), far below the 50 sent.
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(answers).isBetween(5, 5 + (int) seconds + 1);
            assertThat(limited.stats().droppedCount(DropReason.RATE_LIMITED)).isGreaterThanOrEqualTo(44);
        }
    }

    static long totalDropped() {
        long n = 0;
        for (DropReason r : DropReason.values()) {
            n += server.stats().droppedCount(r);
        }
        return n;
    }

    static byte[] receiveOrNull(DatagramSocket socket) throws IOException {
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        try {
            socket.receive(in);
            return Arrays.copyOf(in.getData(), in.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    static byte[] notStun(byte[] valid) {
        byte[] b = valid.clone();
        b[0] = (byte) 0x80;
        return b;
    }

    static byte[] ice4jBindingRequest(byte[] tx) throws Exception {
        Request r = MessageFactory.createBindingRequest();
        r.setTransactionID(tx);
        return r.encode(null);
    }

    static Message readMessage(InputStream in) throws Exception {
        DataInputStream d = new DataInputStream(in);
        byte[] header = new byte[20];
        d.readFully(header);
        int len = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] all = Arrays.copyOf(header, 20 + len);
        d.readFully(all, 20, len);
        return Message.decode(all, (char) 0, (char) all.length);
    }

    static byte[] tx() {
        return random(12);
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
