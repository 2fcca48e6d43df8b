package io.meshkit.signaling.diff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * One HTTP/1.1 request over a raw socket ({@code Connection: close}), returning the response exactly
 * as sent (status line, headers in order and case, body) with the {@code Date} header removed and
 * UUIDs (and the ETag of a UUID body) normalised.
 */
final class RawHttp {
    private RawHttp() {}

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    static String request(int port, SSLContext ssl, String method, String target, String... headers) {
        try (Socket s = ssl == null ? new Socket("127.0.0.1", port)
                : ssl.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            StringBuilder req = new StringBuilder();
            req.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] b = new byte[4096];
            int n;
            while ((n = in.read(b)) > 0) {
                buf.write(b, 0, n);
            }
            return normalize(buf.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String normalize(String response) {
        String r = response.replaceAll("(?m)^Date: .*\r\n", "");
        if (UUID.matcher(r).find()) {
            r = UUID.matcher(r).replaceAll("<uuid>").replaceAll("ETag: W/\"24-[^\"]+\"", "ETag: <etag of uuid>");
        }
        return r;
    }
}
