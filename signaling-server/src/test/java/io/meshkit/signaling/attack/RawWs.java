package io.meshkit.signaling.attack;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, byte by byte under the test's control: it can do what no
 * well-behaved client library does (never read, send pings as fast as the socket takes them, leave
 * a fragmented message unfinished, bind a chosen source address), and it can also be a small
 * well-behaved client (read frames with a deadline).
 */
final class RawWs implements AutoCloseable {
    static final int TEXT = 1;
    static final int CONTINUATION = 0;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;

    /** A frame from the server. */
    record Frame(int opcode, boolean fin, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        @Override
        public String toString() {
            return opcode == TEXT ? "msg " + text() : opcode == CLOSE ? "close " + closeCode() : "opcode " + opcode;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** The handshake's answer status line. */
    final String status;

    private RawWs(Socket socket, String status) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.status = status;
    }

    /** Connects from {@code from} (null: any) and upgrades at {@code target} (path and query). */
    static RawWs open(String host, int port, String target, InetAddress from, int timeoutMillis) throws IOException {
        return open(host, port, target, from, timeoutMillis, "");
    }

    /** As {@link #open}, with extra request header lines (each ending in CRLF). */
    static RawWs open(String host, int port, String target, InetAddress from, int timeoutMillis, String extraHeaders)
            throws IOException {
        Socket s = new Socket();
        try {
            if (from != null) {
                s.bind(new InetSocketAddress(from, 0));
            }
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = readHead(s.getInputStream());
            return new RawWs(s, head.lines().findFirst().orElse(""));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A PeerJS client's socket URL. */
    static String peerjs(String id, String token) {
        return "/peerjs?key=peerjs&id=" + id + "&token=" + token;
    }

    boolean upgraded() {
        return status.startsWith("HTTP/1.1 101");
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed during the handshake: " + b);
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (b.size() > 16384) {
                throw new IOException("handshake answer too long");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    void text(String s) throws IOException {
        frame(TEXT, true, s.getBytes(StandardCharsets.UTF_8));
    }

    /** One masked client frame (RFC 6455 section 5.2). */
    void frame(int opcode, boolean fin, byte[] payload) throws IOException {
        out.write(encode(opcode, fin, payload));
    }

    /** The bytes of one masked client frame, for writing many at once. */
    static byte[] encode(int opcode, boolean fin, byte[] payload) {
        int len = payload.length;
        int header = 2 + (len < 126 ? 0 : len <= 0xFFFF ? 2 : 8) + 4;
        byte[] f = new byte[header + len];
        f[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        int i;
        if (len < 126) {
            f[1] = (byte) (0x80 | len);
            i = 2;
        } else if (len <= 0xFFFF) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (len >> 8);
            f[3] = (byte) len;
            i = 4;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int k = 0; k < 8; k++) {
                f[2 + k] = (byte) ((long) len >> (56 - 8 * k));
            }
            i = 10;
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, f, i, 4);
        i += 4;
        for (int k = 0; k < len; k++) {
            f[i + k] = (byte) (payload[k] ^ mask[k & 3]);
        }
        return f;
    }

    /**
     * The bytes of one client frame with the all-zero masking key: still a masked frame (RFC 6455
     * section 5.3 lets the key be any value), but its payload bytes are the plain ones, so an attacker
     * can build thousands of frames by copying bytes, and spend its CPU on sending rather than on
     * masking (on a shared test machine the attacker's CPU is the server's CPU).
     */
    static byte[] encodeZeroMask(int opcode, boolean fin, byte[] payload) {
        int len = payload.length;
        int header = 2 + (len < 126 ? 0 : len <= 0xFFFF ? 2 : 8) + 4;
        byte[] f = new byte[header + len];
        f[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (len < 126) {
            f[1] = (byte) (0x80 | len);
        } else if (len <= 0xFFFF) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (len >> 8);
            f[3] = (byte) len;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int k = 0; k < 8; k++) {
                f[2 + k] = (byte) ((long) len >> (56 - 8 * k));
            }
        }
        System.arraycopy(payload, 0, f, header, len);
        return f;
    }

    /** Writes raw bytes (e.g. many frames at once). */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    /** The next data or close frame (pings and pongs skipped); throws on timeout or end of stream. */
    Frame read() throws IOException {
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                throw new EOFException("connection closed");
            }
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int k = 0; k < 8; k++) {
                    len = (len << 8) | in.read();
                }
            }
            byte[] p = in.readNBytes((int) len);
            if (p.length < len) {
                throw new EOFException("connection closed inside a frame");
            }
            int op = b0 & 0x0f;
            if (op == PING || op == PONG) {
                continue;
            }
            return new Frame(op, (b0 & 0x80) != 0, p);
        }
    }

    /** Reads until a text frame containing {@code needle}; throws on close, timeout or end of stream. */
    Frame readUntil(String needle) throws IOException {
        while (true) {
            Frame f = read();
            if (f.opcode == CLOSE) {
                throw new IOException("closed by the server (" + f.closeCode() + ") waiting for " + needle);
            }
            if (f.opcode == TEXT && f.text().contains(needle)) {
                return f;
            }
        }
    }

    /**
     * Whether the server ended the connection within the socket timeout: a Close frame or end of
     * stream counts; data frames before it are skipped.
     */
    boolean closedByServer() {
        try {
            while (true) {
                Frame f = read();
                if (f.opcode == CLOSE) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // EOF or reset
        }
    }

    void soTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** A smaller receive buffer, so a client that never reads fills it sooner (set before much arrives). */
    void receiveBuffer(int bytes) throws IOException {
        socket.setReceiveBufferSize(bytes);
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
