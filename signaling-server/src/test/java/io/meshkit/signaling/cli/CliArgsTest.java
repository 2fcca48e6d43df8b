package io.meshkit.signaling.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.signaling.core.RealmLimits;
import io.meshkit.signaling.core.RealmConfig;
import io.meshkit.signaling.netty.Operations;
import io.meshkit.signaling.netty.ServerOptions;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliArgsTest {
    private static ServerOptions run(Map<String, String> env, String... args) throws Exception {
        return ((CliArgs.Run) CliArgs.parse(List.of(args), env)).options();
    }

    @Test
    void shouldApplyTheReferenceCliDefaults() throws Exception {
        ServerOptions o = run(Map.of(), "--port", "9000");
        assertThat(o.port()).isEqualTo(9000);
        assertThat(o.host()).isNull();
        assertThat(o.path()).isEqualTo("/");
        assertThat(o.realm().key()).isEqualTo("peerjs");
        assertThat(o.realm().expireTimeoutMillis()).isEqualTo(5000);
        assertThat(o.realm().aliveTimeoutMillis()).isEqualTo(60000);
        assertThat(o.realm().concurrentLimit()).isEqualTo(5000);
        assertThat(o.realm().expireSweepMillis()).isEqualTo(1000);
        assertThat(o.allowDiscovery()).isFalse();
        assertThat(o.proxied()).isFalse();
        assertThat(o.corsOrigins()).isNull();
        assertThat(o.limits()).isEqualTo(ServerOptions.Limits.defaults());
    }

    @Test
    void shouldAcceptAliasesInlineValuesAndEnvironment() throws Exception {
        ServerOptions o = run(Map.of("PEERSERVER_PATH", "/env"), "-p9001", "-H", "127.0.0.1", "-k", "123", "-t=250",
                "-c", "7", "--alive_timeout=900", "--allow_discovery", "--proxied", "true", "--cors", "http://a", "http://b",
                "--cors=http://c", "--unknown", "x");
        assertThat(o.port()).isEqualTo(9001);
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.path()).isEqualTo("/env");
        assertThat(o.realm().key()).as("kept as a string, unlike yargs").isEqualTo("123");
        assertThat(o.realm().expireTimeoutMillis()).isEqualTo(250);
        assertThat(o.realm().concurrentLimit()).isEqualTo(7);
        assertThat(o.realm().aliveTimeoutMillis()).isEqualTo(900);
        assertThat(o.allowDiscovery()).isTrue();
        assertThat(o.proxied()).isTrue();
        assertThat(o.corsOrigins()).containsExactly("http://a", "http://b", "http://c");
        assertThat(run(Map.of("PORT", "9100"), "--no-allow_discovery").port()).isEqualTo(9100);
        assertThat(run(Map.of(), "--port=1", "--allow_discovery=false").allowDiscovery()).isFalse();
    }

    @Test
    void shouldRefuseWhatTheReferenceRefusesAndBadNumbers() {
        assertThatThrownBy(() -> CliArgs.parse(List.of(), Map.of())).hasMessage("Missing required argument: port");
        assertThatThrownBy(() -> CliArgs.parse(List.of("--port", "1", "--sslcert", "c.pem"), Map.of()))
                .hasMessageContaining("either the key or the certificate has not been provided");
        assertThatThrownBy(() -> CliArgs.parse(List.of("--port", "x"), Map.of())).hasMessageContaining("--port");
        assertThatThrownBy(() -> CliArgs.parse(List.of("--port", "1", "--max_frame_bytes", "1"), Map.of()))
                .hasMessageContaining("limit");
    }

    @Test
    void shouldReadTheEventLoopsAndTheTransport() throws Exception {
        CliArgs.Run dflt = (CliArgs.Run) CliArgs.parse(List.of("--port", "9000"), Map.of());
        assertThat(dflt.operations().ioThreads()).isZero();
        assertThat(dflt.operations().loops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(dflt.operations().transport()).isEqualTo(Operations.Transport.AUTO);
        CliArgs.Run set = (CliArgs.Run) CliArgs.parse(List.of("--port", "9000", "--io-threads", "3", "--transport", "io_uring"),
                Map.of());
        assertThat(set.operations().loops()).isEqualTo(3);
        assertThat(set.operations().transport()).isEqualTo(Operations.Transport.IO_URING);
        assertThatThrownBy(() -> CliArgs.parse(List.of("--port", "1", "--transport", "kqueue"), Map.of()))
                .hasMessageContaining("--transport");
        assertThatThrownBy(() -> CliArgs.parse(List.of("--port", "1", "--io-threads", "-1"), Map.of()))
                .hasMessageContaining("--io-threads");
    }

    @Test
    void shouldReadOurLimits() throws Exception {
        ServerOptions.Limits l = run(Map.of(), "--port", "1", "--max_frame_bytes", "1024", "--rate_limit", "0",
                "--rate_burst", "5", "--max_outbound_bytes", "4096", "--shutdown_grace", "0", "--close_timeout", "10",
                "--max_http_bytes", "0").limits();
        assertThat(l).isEqualTo(new ServerOptions.Limits(1024, 0, 0, 5, 4096, 0, 10));
        ServerOptions o = run(Map.of(), "--port", "1", "--max_queue_per_peer", "3", "--max_queued_bytes", "100");
        assertThat(o.realm().maxQueuedPerPeer()).isEqualTo(3);
        assertThat(o.realm().maxQueuedBytes()).isEqualTo(100);
    }

    private static Operations operations(String... args) throws Exception {
        return ((CliArgs.Run) CliArgs.parse(List.of(args), Map.of())).operations();
    }

    @Test
    void shouldReadTheBoundsOnClientsAndSources() throws Exception {
        ServerOptions d = run(Map.of(), "--port", "9000");
        assertThat(d.realm().limits()).isEqualTo(RealmLimits.defaults());
        assertThat(d.trustedProxies()).isEmpty();
        assertThat(run(Map.of(), "--port", "9000", "-c", "100").realm().limits().maxIdsPerSource())
                .as("one address never takes more than half the slots").isEqualTo(50);
        assertThat(run(Map.of(), "--port", "9000", "-c", "1").realm().limits().maxIdsPerSource()).isEqualTo(1);
        ServerOptions o = run(Map.of(), "--port", "9000", "--max_id_length", "40", "--max_queued_per_sender", "9",
                "--max_queues", "99", "--max_ids_per_ip", "0", "--max_token_guesses", "5", "--max_connections_per_ip", "7",
                "--fragment_timeout", "300", "--max_unfinished_bytes", "4096", "--proxied",
                "--trusted-proxies", "10.0.0.0/8,192.168.0.1 2001:db8::/32");
        assertThat(o.realm().limits()).isEqualTo(new RealmLimits(40, 9, 99, 0, 5));
        assertThat(o.limits().maxConnectionsPerSource()).isEqualTo(7);
        assertThat(o.limits().fragmentTimeoutMillis()).isEqualTo(300);
        assertThat(o.limits().maxUnfinishedBytes()).isEqualTo(4096);
        assertThat(o.trustedProxies()).containsExactly("10.0.0.0/8", "192.168.0.1", "2001:db8::/32");
        assertThatThrownBy(() -> run(Map.of(), "--port", "9000", "--trusted_proxies", "proxy.example"))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("--trusted_proxies");
        assertThatThrownBy(() -> run(Map.of(), "--port", "9000", "--max_id_length", "0"))
                .isInstanceOf(CliArgs.UsageException.class);
        assertThatThrownBy(() -> run(Map.of(), "--port", "9000", "--fragment_timeout", "0"))
                .isInstanceOf(CliArgs.UsageException.class);
    }

    @Test
    void shouldKeepMetricsOffThePublicPortAndTheOpsPortOffByDefault() throws Exception {
        Operations o = operations("--port", "1");
        assertThat(o.metrics()).isFalse();
        assertThat(o.opsAddress()).isNull();
        assertThat(o.counting()).isFalse();
        assertThat(operations("--port", "1", "--metrics").metrics()).isTrue();
        assertThat(operations("--port", "1", "--metrics", "true").counting()).isTrue();
    }

    @Test
    void shouldServeTheOpsPortOnLoopbackUnlessToldOtherwise() throws Exception {
        assertThat(operations("--port", "1", "--ops-port", "9090").opsAddress())
                .isEqualTo(new InetSocketAddress("127.0.0.1", 9090));
        Operations all = operations("--port", "1", "--ops-port=9091", "--ops-host", "0.0.0.0");
        assertThat(all.opsAddress()).isEqualTo(new InetSocketAddress("0.0.0.0", 9091));
        assertThat(all.metrics()).as("the ops port does not open /metrics on the main port").isFalse();
        assertThat(all.counting()).isTrue();
        assertThat(operations("--port", "1", "--ops-port", "0", "--ops-host", "::1").opsAddress().getAddress()
                .isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> operations("--port", "1", "--ops-host", "0.0.0.0")).hasMessageContaining("--ops-port");
        assertThatThrownBy(() -> operations("--port", "1", "--ops-port", "9090", "--ops-host", "ops.example"))
                .hasMessageContaining("address literal");
        assertThatThrownBy(() -> operations("--port", "1", "--ops-port", "70000")).hasMessageContaining("--ops-port");
    }

    private static List<String> warnings(String... args) throws Exception {
        return ((CliArgs.Run) CliArgs.parse(List.of(args), Map.of())).warnings();
    }

    @Test
    void shouldAcceptUnknownFlagsButWarnAboutEachWithTheLikelyMeant() throws Exception {
        assertThat(warnings("--port", "1", "--alive_timeout", "900", "--key", "k", "--cors", "http://a"))
                .as("known flags: no warning").isEmpty();
        assertThat(warnings("--port", "1", "--redis", "redis://r:6379", "--node_id", "n1"))
                .as("cluster flags are known too").isEmpty();
        CliArgs.Run run = (CliArgs.Run) CliArgs.parse(List.of("--port", "1", "--alive-timeout", "900"), Map.of());
        assertThat(run.options().realm().aliveTimeoutMillis()).as("still ignored, as the reference does")
                .isEqualTo(RealmConfig.DEFAULT_ALIVE_TIMEOUT);
        assertThat(run.warnings()).containsExactly("ignoring unknown flag --alive-timeout (did you mean --alive_timeout?)");
        assertThat(warnings("--port", "1", "--concurent_limit", "7", "--frobnicate", "--ops_port", "9090", "-z"))
                .containsExactly("ignoring unknown flag --concurent_limit (did you mean --concurrent_limit?)",
                        "ignoring unknown flag --frobnicate",
                        "ignoring unknown flag --ops_port (did you mean --ops-port?)",
                        "ignoring unknown flag -z");
    }

    @Test
    void shouldSuggestOnlyCloseNames() {
        List<String> known = List.of("alive_timeout", "expire_timeout", "key", "port");
        assertThat(CliArgs.closest("ALIVE-TIMEOUT", known)).isEqualTo("alive_timeout");
        assertThat(CliArgs.closest("expire_timout", known)).isEqualTo("expire_timeout");
        assertThat(CliArgs.closest("prot", known)).as("two edits in a short name is too far").isNull();
        assertThat(CliArgs.closest("timeout", known)).isNull();
    }
}
