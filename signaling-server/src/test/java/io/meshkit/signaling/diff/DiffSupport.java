package io.meshkit.signaling.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.PeerServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Runs one scenario against the reference (npm {@code peer@1.0.2}) and ours, started with the same
 * flags, and asserts both transcripts are identical. Each scenario also states what it expects to
 * see on the reference, so a scenario that observes nothing cannot pass by accident.
 */
final class DiffSupport implements AutoCloseable {
    /** One server under test. */
    record Target(PeerServers.Kind kind, int port, SSLContext ssl) {
        String ws(String pathAndQuery) {
            return (ssl == null ? "ws" : "wss") + "://127.0.0.1:" + port + pathAndQuery;
        }

        WsProbe open(String pathAndQuery, String selfId) {
            return WsProbe.connect(ws(pathAndQuery), selfId, ssl);
        }

        /** A registered client {@code id} with token {@code tok} under key {@code key}; its OPEN consumed. */
        WsProbe client(String key, String id, String tok) {
            WsProbe p = open("/peerjs?key=" + key + "&id=" + id + "&token=" + tok, id);
            String first = p.next();
            if (!first.equals("msg {\"type\":\"OPEN\"}")) {
                throw new AssertionError(kind + ": " + id + " did not open: " + first);
            }
            return p;
        }

        String http(String method, String target, String... headers) {
            return RawHttp.request(port, ssl, method, target, headers);
        }
    }

    private final PeerServers.Running reference;
    private final PeerServers.Running ours;
    private final SSLContext ssl;
    private final String suite;

    DiffSupport(String suite, List<String> flags, SSLContext ssl) {
        this.suite = suite;
        this.ssl = ssl;
        this.reference = PeerServers.start(PeerServers.Kind.REFERENCE, flags);
        PeerServers.Running o;
        try {
            o = PeerServers.start(PeerServers.Kind.MESHKIT, flags);
        } catch (RuntimeException e) {
            reference.close();
            throw e;
        }
        this.ours = o;
    }

    /** Runs {@code scenario} on both servers; {@code expectOnReference} must hold for the reference's transcript. */
    void check(String name, Function<Target, List<String>> scenario, String... expectOnReference) {
        List<String> ref = scenario.apply(new Target(PeerServers.Kind.REFERENCE, reference.port(), ssl));
        List<String> mine = scenario.apply(new Target(PeerServers.Kind.MESHKIT, ours.port(), ssl));
        boolean same = ref.equals(mine);
        System.out.println("== " + name + "\n" + String.join("\n", ref));
        record(name, same);
        assertThat(String.join("\n", ref)).as("%s: what the reference did", name).contains(expectOnReference);
        assertThat(mine).as("%s: ours vs the reference\nreference: %s\nours log:\n%s", name, ref, ours.process().output())
                .isEqualTo(ref);
    }

    private void record(String name, boolean same) {
        // A summary for the closing note: target/diff-scenarios.txt
        try {
            Path f = Path.of("target", "diff-scenarios.txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, suite + " | " + name + " | " + (same ? "identical" : "DIFFERENT") + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.io.IOException ignored) {
            // the summary is a convenience; the assertion is what counts
        }
    }

    static List<String> list(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                for (Object o : l) {
                    out.add(String.valueOf(o));
                }
            } else {
                out.add(String.valueOf(p));
            }
        }
        return out;
    }

    @Override
    public void close() {
        reference.close();
        ours.close();
    }
}
