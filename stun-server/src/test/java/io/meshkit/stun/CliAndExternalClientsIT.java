package io.meshkit.stun;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.Ci;
import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.Repo;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CLI as a child process ({@code java -cp ... io.meshkit.stun.cli.Main}), queried by real
 * third-party clients: the npm {@code stun} client (UDP, IPv4 and IPv6) and coturn's
 * {@code turnutils_stunclient} (UDP, plain and RFC 5780). Neither speaks STUN over TCP; TCP is
 * covered with ice4j's codec in {@link StunServerIT}.
 */
class CliAndExternalClientsIT {

    static List<String> cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), "io.meshkit.stun.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    static String run(List<String> command, Path cwd, int expectedExit) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Path log = Files.createTempFile("stun-it-", ".log");
        Process p = pb.redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        if (!done) {
            throw new AssertionError("timed out: " + command + "\n" + out);
        }
        assertThat(p.exitValue()).as("exit of %s:%n%s", command, out).isEqualTo(expectedExit);
        return out;
    }

    /** Starts the CLI and waits until it logs that it listens. */
    static ManagedProcess startCli(String... args) throws Exception {
        ManagedProcess p = ManagedProcess.start("stun-cli", cli(args));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!p.output().contains("STUN listening")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String out = p.output();
                p.close();
                throw new AssertionError("CLI did not start:\n" + out);
            }
            p.process().waitFor(50, TimeUnit.MILLISECONDS);
        }
        return p;
    }

    static String npmStun(String host, int port, boolean ipv6) throws Exception {
        Ci.requireExecutable("/usr/bin/node", "nodejs");
        Path node = Repo.nodeModules();
        Ci.requireFile(node.resolve("stun/package.json"), "the npm stun client; run: npm ci --prefix tools/node");
        // The npm client's own socket server and message codec; its request() helper cannot parse
        // an IPv6 URL, so the request is sent through createServer/createMessage directly.
        String script = "const stun=require('stun');const dgram=require('dgram');"
                + "const socket=dgram.createSocket('" + (ipv6 ? "udp6" : "udp4") + "');"
                + "const server=stun.createServer({type:'" + (ipv6 ? "udp6" : "udp4") + "',socket});"
                + "const req=stun.createMessage(stun.constants.STUN_BINDING_REQUEST);"
                + "server.once('bindingResponse',res=>{const x=res.getXorAddress();"
                + "console.log('MAPPED '+x.address+' '+x.port+' LOCAL '+socket.address().port);process.exit(0);});"
                + "server.listen(0,'" + host + "',()=>server.send(req," + port + ",'" + host + "'));"
                + "setTimeout(()=>{console.log('ERR timeout');process.exit(1);},5000);";
        return run(List.of("/usr/bin/node", "-e", script), node.getParent(), 0);
    }

    @Test
    void npmStunClientGetsItsOwnAddressOverIpv4AndIpv6() throws Exception {
        int port = freePort();
        try (ManagedProcess server = startCli("--host", "127.0.0.1", "--host", "::1", "--port", String.valueOf(port))) {
            for (String host : List.of("127.0.0.1", "::1")) {
                String out = npmStun(host, port, host.contains(":"));
                String[] f = out.trim().lines().filter(l -> l.startsWith("MAPPED")).findFirst().orElseThrow().split(" ");
                assertThat(f[1]).isEqualTo(host);
                assertThat(f[2]).isEqualTo(f[4]); // mapped port == the client's own port
            }
        }
    }

    @Test
    void turnutilsStunclientGetsItsOwnAddress() throws Exception {
        Ci.requireExecutable("/usr/bin/turnutils_stunclient", "coturn");
        int port = freePort();
        try (ManagedProcess server = startCli("--host", "127.0.0.1", "--port", String.valueOf(port))) {
            String out = run(List.of("/usr/bin/turnutils_stunclient", "-p", String.valueOf(port), "127.0.0.1"), null, 0);
            assertThat(out).contains("UDP reflexive addr: 127.0.0.1:");
        }
    }

    @Test
    void turnutilsRfc5780DiscoveryWorksWithASecondAddressAndPort() throws Exception {
        Ci.requireExecutable("/usr/bin/turnutils_stunclient", "coturn");
        int port = freePort();
        int alt = freePort();
        try (ManagedProcess server = startCli("--host", "127.0.0.1", "--port", String.valueOf(port),
                "--alt-host", "127.0.0.2", "--alt-port", String.valueOf(alt), "--rate-limit", "0")) {
            String out = run(List.of("/usr/bin/turnutils_stunclient", "-f", "-p", String.valueOf(port), "127.0.0.1"),
                    null, 0);
            assertThat(out).contains("UDP reflexive addr: 127.0.0.1:");
            assertThat(out).containsPattern("Other addr: :? ?127\\.0\\.0\\.2:" + alt);
            // Response 2 asked for a change of IP and port: it came from the alternate address.
            assertThat(out).containsPattern("Response origin: :? ?127\\.0\\.0\\.2:" + alt);
        }
    }

    @Test
    void rfc5780WithOneAddressFailsAtStartupWithAClearMessage() throws Exception {
        String out = run(cli("--host", "127.0.0.1", "--port", "0", "--rfc5780"), null, 2);
        assertThat(out).contains("--rfc5780 needs a second address and port");
        out = run(cli("--host", "127.0.0.1", "--port", "0", "--alt-port", "3479"), null, 2);
        assertThat(out).contains("give both --alt-host and --alt-port");
        out = run(cli("--host", "127.0.0.1", "--port", "0", "--alt-host", "127.0.0.1", "--alt-port", "0"), null, 1);
        assertThat(out).contains("--alt-host must differ from --host");
        out = run(cli("--host", "0.0.0.0", "--port", "0", "--alt-host", "127.0.0.2", "--alt-port", "0"), null, 1);
        assertThat(out).contains("not a wildcard");
    }

    @Test
    void badFlagsAndBusyPortsFailWithAMessage() throws Exception {
        assertThat(run(cli("--port", "70000"), null, 2)).contains("--port must be in 0..65535");
        assertThat(run(cli("--bogus"), null, 2)).contains("unknown flag: --bogus");
        assertThat(run(cli("--host", "example.org"), null, 2)).contains("address literal");
        assertThat(run(cli("--help"), null, 0)).contains("--alt-host");
        try (DatagramSocket busy = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            String out = run(cli("--host", "127.0.0.1", "--port", String.valueOf(busy.getLocalPort()), "--no-tcp"),
                    null, 1);
            assertThat(out).contains("cannot listen on UDP 127.0.0.1:" + busy.getLocalPort());
        }
    }

}
