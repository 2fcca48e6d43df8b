package io.meshkit.bench.connections;

import io.meshkit.bench.Args;
import io.meshkit.bench.Result;
import io.meshkit.bench.proc.ProcStats;
import io.meshkit.bench.ws.Opener;
import io.meshkit.bench.ws.PeerJsClients;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark 2, signaling connections: opens {@code clients} idle PeerJS clients that each send
 * {@code HEARTBEAT} every 5 s (what the PeerJS client does), holds them for {@code hold} seconds
 * and reports how many the server kept, the time to open them and the server's resident memory
 * per connection: (VmRSS with all clients held - VmRSS before the first) / clients held. On the
 * way it stops at {@code checkpoint} clients (1,000), holds them {@code checkpoint-hold} seconds
 * and samples the whole process there too: what a small deployment's server costs.
 */
public final class ConnectionLoad {
    /** The PeerJS client's heartbeat period (peerjs 1.5.5 {@code pingInterval}). */
    private static final long HEARTBEAT_MILLIS = 5_000;

    private final LongAdder closedAfterOpen = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();

    public static void run(Args args) throws Exception {
        int n = args.integer("clients", 1000);
        int hold = args.integer("hold", 10);
        String system = args.required("system");
        InetSocketAddress server = new InetSocketAddress(args.string("host", "127.0.0.1"), args.integer("port", 9000));
        ProcStats proc = new ProcStats(args.pid("server-pid"), args.integer("clk-tck", 100));
        // The generator watches itself too: near 100% it, not the server, limits the figure.
        ProcStats self = new ProcStats(ProcessHandle.current().pid(), args.integer("clk-tck", 100));
        List<InetAddress> sources = new ArrayList<>();
        for (String s : args.string("sources", "127.0.0.1").split(",")) {
            sources.add(InetAddress.getByName(s.trim()));
        }
        ConnectionLoad load = new ConnectionLoad();
        String run = Long.toString(Math.floorMod(System.nanoTime(), 1_000_000L), 36);

        try (PeerJsClients clients = new PeerJsClients(args.integer("threads", 1), server, "peerjs")) {
            ProcStats.Sample before = proc.sample();
            ProcStats.Sample g0 = self.sample();
            List<Opener.Spec> specs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                specs.add(new Opener.Spec("c" + run + "x" + i, "t" + i, sources.get(i % sources.size()),
                        load.new Idle()));
            }
            Opener opener = new Opener(args.integer("connect-concurrency", 500));
            int checkpoint = Math.min(n, args.integer("checkpoint", 1000));
            long t0 = System.nanoTime();
            long timeout = TimeUnit.SECONDS.toMillis(args.integer("open-timeout", 300));
            // Stop at the first 100 failures: past that the server (or a limit) has said no.
            int opened = opener.openAll(clients, specs.subList(0, checkpoint), timeout, 100);
            TimeUnit.SECONDS.sleep(args.integer("checkpoint-hold", 5));
            ProcStats.Sample atCheckpoint = proc.sample();
            int atCheckpointHeld = (int) (opened - load.closedAfterOpen.sum());
            if (checkpoint < n && opener.failed() == 0) {
                opened = opener.openAll(clients, specs.subList(checkpoint, n), timeout, 100); // a running total
            }
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            System.err.printf("connections %s: %d of %d open in %.2f s (%d failed%s); holding %d s%n", system, opened, n,
                    openSeconds, opener.failed(), opener.failed() > 0 ? ": " + opener.firstFailure() : "", hold);
            ProcStats.Sample open = proc.sample();
            ProcStats.Sample g1 = self.sample();
            TimeUnit.SECONDS.sleep(hold);
            ProcStats.Sample end = proc.sample();
            long held = opened - load.closedAfterOpen.sum();
            // For a JVM server the resident set includes garbage not yet collected: with
            // --settle-command "jcmd PID GC.run" the live cost is sampled too, after a full GC.
            ProcStats.Sample settled = end;
            String settle = args.string("settle-command", "");
            if (!settle.isBlank()) {
                args.hook("settle-command");
                TimeUnit.SECONDS.sleep(2);
                settled = proc.sample();
            }
            double perConnKib = held <= 0 ? 0 : (end.rssKib() - before.rssKib()) / (double) held;

            new Result()
                    .put("bench", "connections")
                    .put("system", system)
                    .put("target", n)
                    .put("opened", opened)
                    .put("failed", opener.failed())
                    .put("first_failure", opener.firstFailure() == null ? "" : opener.firstFailure())
                    .put("held", held)
                    .put("hold_s", hold)
                    .put("open_seconds", openSeconds)
                    .put("opens_per_s", opened / openSeconds)
                    .put("sources", sources.size())
                    .put("heartbeats", load.heartbeats.sum())
                    .put("server_rss_before_mib", before.rssKib() / 1024.0)
                    .put("checkpoint_clients", atCheckpointHeld)
                    .put("server_rss_checkpoint_mib", atCheckpoint.rssKib() / 1024.0)
                    .put("rss_per_conn_checkpoint_kib",
                            atCheckpointHeld <= 0 ? 0.0 : (atCheckpoint.rssKib() - before.rssKib()) / (double) atCheckpointHeld)
                    .put("server_rss_held_mib", end.rssKib() / 1024.0)
                    .put("server_hwm_mib", end.hwmKib() / 1024.0)
                    .put("rss_per_conn_kib", perConnKib)
                    .put("settle_command", settle)
                    .put("server_rss_settled_mib", settled.rssKib() / 1024.0)
                    .put("rss_per_conn_settled_kib", held <= 0 ? 0 : (settled.rssKib() - before.rssKib()) / (double) held)
                    .put("server_cpu_open_pct", ProcStats.cpuPercent(before, open))
                    .put("server_cpu_idle_pct", ProcStats.cpuPercent(open, end))
                    .put("server_threads", end.threads())
                    .put("generator_cpu_open_pct", ProcStats.cpuPercent(g0, g1))
                    .write(Path.of(args.required("out")));
        }
    }

    /** An idle client: heartbeats every 5 s from a random phase, ignores what it receives. */
    private final class Idle implements PeerJsClients.Listener {
        private boolean open;
        private java.util.concurrent.ScheduledFuture<?> beat;

        @Override
        public void onOpen(Channel ch) {
            open = true;
            long phase = ThreadLocalRandom.current().nextLong(HEARTBEAT_MILLIS);
            beat = ch.eventLoop().scheduleAtFixedRate(() -> {
                if (ch.isActive()) {
                    PeerJsClients.send(ch, "{\"type\":\"HEARTBEAT\"}");
                    heartbeats.increment();
                }
            }, phase, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onMessage(Channel ch, String text) {}

        @Override
        public void onClosed(Channel ch, Throwable cause) {
            if (open) {
                open = false;
                beat.cancel(false);
                closedAfterOpen.increment();
            }
        }
    }
}
