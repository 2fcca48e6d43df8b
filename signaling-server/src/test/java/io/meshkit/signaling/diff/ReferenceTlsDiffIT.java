package io.meshkit.signaling.diff;

import static io.meshkit.signaling.diff.DiffSupport.list;

import io.meshkit.testkit.Ci;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both servers with {@code --sslkey}/{@code --sslcert} (a throw-away self-signed certificate). */
class ReferenceTlsDiffIT {
    private static DiffSupport diff;

    @BeforeAll
    static void start() throws Exception {
        Path openssl = Ci.requireExecutable("/usr/bin/openssl", "openssl");
        Path dir = Files.createTempDirectory("meshkit-tls");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process p = new ProcessBuilder(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate");
        }
        diff = new DiffSupport("tls", List.of("--sslkey", key.toString(), "--sslcert", cert.toString()), trustAll());
    }

    @AfterAll
    static void stop() {
        if (diff != null) {
            diff.close();
        }
    }

    @Test
    void httpsAndWss() {
        diff.check("--sslkey/--sslcert: REST over HTTPS and the WebSocket over WSS", t -> {
            try (WsProbe a = t.open("/peerjs?key=peerjs&id=tls-a&token=t", "tls-a")) {
                return list(t.http("GET", "/"), a.next(), a.sync());
            }
        }, "PeerJS Server", "{\"type\":\"OPEN\"}");
    }

    static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }
}
