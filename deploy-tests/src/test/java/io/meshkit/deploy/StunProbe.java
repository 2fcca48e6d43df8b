package io.meshkit.deploy;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * One STUN Binding transaction (RFC 8489) from a test, over UDP or TCP, returning the reflexive
 * address the server saw: enough to check a published port end to end, not a STUN library.
 */
final class StunProbe {
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int BINDING_SUCCESS = 0x0101;
    private static final int XOR_MAPPED_ADDRESS = 0x0020;

    private StunProbe() {}

    /** Sends a Binding request over UDP, retransmitting (RFC 8489 section 6.2.1) until {@code timeout}. */
    static InetSocketAddress udp(InetSocketAddress server, Duration timeout, Random random) throws IOException {
        byte[] txId = new byte[12];
        random.nextBytes(txId);
        byte[] request = request(txId);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int rto = 250;
            while (System.nanoTime() < deadline) {
                socket.send(new DatagramPacket(request, request.length, server));
                socket.setSoTimeout(rto);
                byte[] buf = new byte[1500];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                    return decode(Arrays.copyOf(buf, p.getLength()), txId);
                } catch (java.net.SocketTimeoutException retransmit) {
                    rto = Math.min(rto * 2, 2000);
                }
            }
        }
        throw new IOException("no STUN answer over UDP from " + server + " within " + timeout);
    }

    /** Sends a Binding request over TCP (RFC 8489 section 6.2.2: messages back to back on the stream). */
    static InetSocketAddress tcp(InetSocketAddress server, Duration timeout, Random random) throws IOException {
        byte[] txId = new byte[12];
        random.nextBytes(txId);
        try (Socket s = new Socket()) {
            s.connect(server, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write(request(txId));
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[20];
            in.readFully(header);
            int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            if (length > 1024) {
                throw new IOException("STUN answer too long: " + length);
            }
            byte[] message = Arrays.copyOf(header, 20 + length);
            in.readFully(message, 20, length);
            return decode(message, txId);
        }
    }

    private static byte[] request(byte[] txId) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) 0x0001).putShort((short) 0).putInt(MAGIC_COOKIE).put(txId);
        return b.array();
    }

    /** The XOR-MAPPED-ADDRESS of a Binding success response for {@code txId} (RFC 8489 section 14.2). */
    static InetSocketAddress decode(byte[] message, byte[] txId) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(message);
        if (message.length < 20) {
            throw new IOException("short STUN message: " + message.length + " bytes");
        }
        int type = b.getShort() & 0xffff;
        int length = b.getShort() & 0xffff;
        int cookie = b.getInt();
        byte[] id = new byte[12];
        b.get(id);
        if (type != BINDING_SUCCESS || cookie != MAGIC_COOKIE || !Arrays.equals(id, txId) || length != message.length - 20) {
            throw new IOException("not our Binding success response: type=0x" + Integer.toHexString(type));
        }
        while (b.remaining() >= 4) {
            int attr = b.getShort() & 0xffff;
            int len = b.getShort() & 0xffff;
            if (len > b.remaining()) {
                throw new IOException("attribute 0x" + Integer.toHexString(attr) + " runs past the message");
            }
            byte[] value = new byte[len];
            b.get(value);
            b.position(b.position() + ((4 - len % 4) % 4));
            if (attr == XOR_MAPPED_ADDRESS) {
                int family = value[1] & 0xff;
                int port = (((value[2] & 0xff) << 8) | (value[3] & 0xff)) ^ (MAGIC_COOKIE >>> 16);
                byte[] xorKey = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(txId).array();
                byte[] addr = Arrays.copyOfRange(value, 4, family == 1 ? 8 : 20);
                for (int i = 0; i < addr.length; i++) {
                    addr[i] ^= xorKey[i];
                }
                return new InetSocketAddress(InetAddress.getByAddress(addr), port);
            }
        }
        throw new IOException("Binding success response without XOR-MAPPED-ADDRESS");
    }
}
