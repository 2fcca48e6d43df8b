package io.meshkit.deploy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A minimal RFC 6455 client over a plain socket: the PeerJS wire protocol is JSON text frames, and
 * unlike {@code java.net.http.WebSocket} this one shows the handshake's response headers (the entry
 * point tells which replica answered in {@code X-Meshkit-Replica}). Text frames only, no
 * fragmentation, payloads up to {@link #MAX_PAYLOAD} bytes.
 */
final class RawWebSocket implements AutoCloseable {
    /** Largest frame accepted from the server (a PeerJS message is far smaller). */
    static final int MAX_PAYLOAD = 1 << 20;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Map<String, String> headers;
    private final Random maskSource;

    private RawWebSocket(Socket socket, InputStream in, Map<String, String> headers, Random maskSource) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.headers = headers;
        this.maskSource = maskSource;
    }

    /** Opens {@code ws://host:port/pathAndQuery}; fails unless the server switches protocols. */
    static RawWebSocket open(String host, int port, String pathAndQuery, Duration timeout, Random random) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        s.setSoTimeout((int) timeout.toMillis());
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        String status = readLine(in);
        Map<String, String> headers = new TreeMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        if (!status.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("no WebSocket upgrade: " + status + " " + headers);
        }
        if (!accept(key).equals(headers.get("sec-websocket-accept"))) {
            s.close();
            throw new IOException("bad Sec-WebSocket-Accept: " + headers);
        }
        return new RawWebSocket(s, in, headers, random);
    }

    /** A response header of the handshake (lower-case name), or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Sends a masked text frame (clients must mask: RFC 6455 section 5.3). */
    synchronized void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            throw new IOException("payload too large for this client: " + payload.length);
        }
        byte[] mask = new byte[4];
        maskSource.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Starts a masked binary frame that announces {@code announced} payload bytes and sends only
     * {@code sent} of them (zeros, mask 0): the server has to hold them until the rest comes.
     */
    synchronized void sendIncompleteFrame(long announced, int sent) throws IOException {
        byte[] header = new byte[14];
        header[0] = (byte) 0x82;
        header[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (announced >>> (56 - 8 * i));
        }
        // header[10..13]: the masking key 0, so the payload goes as it is.
        out.write(header);
        byte[] chunk = new byte[64 * 1024];
        for (int left = sent; left > 0; left -= chunk.length) {
            out.write(chunk, 0, Math.min(left, chunk.length));
        }
        out.flush();
    }

    /**
     * The next text message within {@code timeout}, answering pings on the way; null when the server
     * closed the connection; {@link SocketTimeoutException} when nothing came.
     */
    String receiveText(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = readByte();
            int opcode = b0 & 0x0f;
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (readByte() << 8) | readByte();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | readByte();
                }
            }
            if ((b1 & 0x80) != 0 || len > MAX_PAYLOAD) {
                throw new IOException("bad frame from server: masked=" + ((b1 & 0x80) != 0) + " length=" + len);
            }
            byte[] payload = in.readNBytes((int) len);
            if (payload.length != len) {
                throw new EOFException("frame cut short");
            }
            switch (opcode) {
                case 0x1 -> {
                    return new String(payload, StandardCharsets.UTF_8);
                }
                case 0x8 -> {
                    return null;
                }
                case 0x9 -> sendControl(0x8A, payload);
                default -> { } // pong or binary: not part of the PeerJS protocol
            }
        }
    }

    private synchronized void sendControl(int firstByte, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        maskSource.nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        frame.write(0x80 | payload.length);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed inside a frame");
        }
        return b;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed in the handshake after: " + sb);
            }
            if (sb.length() > 8192) {
                throw new IOException("handshake line too long");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
