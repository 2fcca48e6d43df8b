package io.meshkit.signaling.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.signaling.core.RealmConfig;
import io.meshkit.testkit.Ci;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS/WSS offers forward secrecy only: TLS 1.3, or TLS 1.2 with ECDHE and an AEAD cipher. A client
 * that can only do RSA key exchange (whose recorded traffic a later stolen key decrypts), CBC, or an
 * older protocol is refused. The client is OpenSSL's {@code s_client}, restricted to one suite at a time.
 */
@Timeout(120)
class TlsCipherSuitesIT {
    @TempDir
    static Path dir;
    private static Path openssl;
    private static SignalingServer server;

    @BeforeAll
    static void start() throws Exception {
        openssl = Ci.requireExecutable("/usr/bin/openssl", "openssl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        // An RSA certificate: the one kind that can do both ECDHE-RSA and plain RSA key exchange.
        assertThat(run(List.of(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost")).exit).isZero();
        server = SignalingServer.start(new ServerOptions("127.0.0.1", 0, "/", RealmConfig.defaults(), false, false, null,
                key, cert, ServerOptions.Limits.defaults()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close(); // s_client reads stdin: end it, so it quits after the handshake
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** What {@code s_client} negotiated with these options, or "refused". */
    private static String handshake(String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + server.port(),
                "-servername", "localhost"));
        cmd.addAll(List.of(options));
        Result r = run(cmd);
        for (String line : r.output.split("\n")) {
            // "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384"; "New, (NONE), Cipher is (NONE)" when refused
            int at = line.indexOf("Cipher is ");
            if (at >= 0) {
                String c = line.substring(at + "Cipher is ".length()).trim();
                if (!c.equals("(NONE)")) {
                    return c;
                }
            }
        }
        return "refused";
    }

    @Test
    void shouldRefuseRsaKeyExchangeCbcAndOldProtocols() throws Exception {
        assertThat(handshake("-tls1_2", "-cipher", "AES128-GCM-SHA256")).as("RSA key exchange").isEqualTo("refused");
        assertThat(handshake("-tls1_2", "-cipher", "AES256-SHA256")).as("RSA key exchange, CBC").isEqualTo("refused");
        assertThat(handshake("-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA")).as("ECDHE but CBC/SHA-1").isEqualTo("refused");
        assertThat(handshake("-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256")).as("finite-field DHE").isEqualTo("refused");
    }

    @Test
    void shouldAcceptTls13AndEcdheWithAead() throws Exception {
        assertThat(handshake("-tls1_3")).startsWith("TLS_");
        assertThat(handshake("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256")).isEqualTo("ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(handshake("-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384")).isEqualTo("ECDHE-RSA-AES256-GCM-SHA384");
        assertThat(handshake("-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305")).isEqualTo("ECDHE-RSA-CHACHA20-POLY1305");
    }

    @Test
    void openSslCanStillSpeakTheRefusedSuites() throws Exception {
        // The refusals above mean something only if this client can offer those suites at all.
        String ciphers = run(List.of(openssl.toString(), "ciphers", "-s", "-tls1_2", "AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA"))
                .output;
        assertThat(ciphers).contains("AES128-GCM-SHA256").contains("ECDHE-RSA-AES128-SHA");
        assertThat(Files.exists(dir.resolve("cert.pem"))).isTrue();
    }
}
