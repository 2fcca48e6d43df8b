package io.meshkit.bench.relay;

import io.meshkit.bench.Args;
import io.meshkit.bench.Result;
import io.meshkit.bench.proc.ProcStats;
import io.meshkit.bench.ws.Opener;
import io.meshkit.bench.ws.PeerJsClients;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Benchmark 1, signaling relay, the Java generator (Netty's WebSocket client; the Node one is
 * {@code bench/node/relay-load.mjs}): {@code 2 × pairs} PeerJS clients, each the partner of one
 * other, then a sequence of phases on the same clients, one result file per phase.
 *
 * <ul>
 *   <li>{@code pingpong} (closed loop): each pair keeps one message in flight; a client answers
 *       its partner's message at once. What it measures is throughput and the server's CPU per
 *       relay; its latency would be throughput restated (pairs ÷ rate), so none is reported.</li>
 *   <li>{@code open} (open loop): messages leave on a fixed schedule at an offered rate, in turn
 *       from every client to its partner, whatever the server does. Each carries its intended send
 *       time; the receiver records arrival − intended in an HdrHistogram, so a stall of the server
 *       (or of the generator) counts for every message it delayed: no coordinated omission. The
 *       generator's own lateness (actual − intended send) is recorded apart.</li>
 * </ul>
 *
 * The payloads are the shared templates of {@code bench/payloads} ({@link Payloads}). Server CPU
 * (user and system apart) is read from {@code /proc} at the start and end of each measured window
 * only; warm-up is outside it. All clients run on one event loop (the generator has one core).
 */
public final class RelayLoad {
    /** The PeerJS client's heartbeat period (peerjs 1.5.5 {@code pingInterval}). */
    private static final long HEARTBEAT_MILLIS = 5_000;
    private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);
    /** Send times are nanoseconds since this, so never negative. */
    private static final long CLOCK_BASE = System.nanoTime() - 1;
    /** The open-loop scheduler's period: sends due are sent at most this late (recorded as lag). */
    private static final long TICK_MICROS = 100;

    private enum Mode { IDLE, PINGPONG, OPEN }

    // Everything below is used on the clients' single event loop only.
    private Mode mode = Mode.IDLE;
    private List<Payloads.Template> mix = List.of();
    private final List<Side> sides = new ArrayList<>();
    private long windowStart = Long.MAX_VALUE;
    private long windowEnd = Long.MAX_VALUE;
    private long receivedInWindow;
    private long sentInWindow;
    private long unexpected;
    private long closed;
    private final Histogram latency = new Histogram(MAX_MICROS, 3);
    private final Histogram lag = new Histogram(MAX_MICROS, 3);
    // Open loop: message n is due at scheduleStart + n × interval.
    private long scheduleStart;
    private double intervalNanos;
    private long nextMessage;
    private long scheduleEnd;

    private static long now() {
        return System.nanoTime() - CLOCK_BASE;
    }

    public static void run(Args args) throws Exception {
        int pairs = args.integer("pairs", 100);
        int warmup = args.integer("warmup", 10);
        int settle = args.integer("settle", 3);
        int duration = args.integer("duration", 10);
        String system = args.required("system");
        String prefix = args.required("out-prefix");
        Path payloadDir = Path.of(args.string("payloads", "bench/payloads"));
        List<String> pingpongMixes = list(args.string("pingpong", "tiny,realistic"));
        String openMix = args.string("open", "realistic");
        List<String> openPcts = list(args.string("open-pcts", "25,50,75,100").replace("none", ""));
        String hookPhase = args.string("hook-phase", "pingpong-realistic");
        InetSocketAddress server = new InetSocketAddress(args.string("host", "127.0.0.1"), args.integer("port", 9000));
        // Several PIDs (a cluster's nodes) are summed; Redis, when given, is reported apart.
        List<ProcStats> servers = new ArrayList<>();
        for (String pid : args.string("server-pid", "-1").split(",")) {
            servers.add(new ProcStats(Long.parseLong(pid.strip()), args.integer("clk-tck", 100)));
        }
        java.util.function.Supplier<ProcStats.Sample> proc = ProcStats.sum(servers);
        ProcStats redis = new ProcStats(args.pid("redis-pid"), args.integer("clk-tck", 100));
        List<String> metricsUrls = list(args.string("metrics-urls", ""));
        InetSocketAddress serverB = args.string("port-b", "").isBlank() ? null
                : new InetSocketAddress(args.string("host", "127.0.0.1"), args.integer("port-b", 0));
        ProcStats self = new ProcStats(ProcessHandle.current().pid(), args.integer("clk-tck", 100));
        RelayLoad load = new RelayLoad();
        String run = Long.toString(Math.floorMod(System.nanoTime(), 1_000_000L), 36);

        try (PeerJsClients clients = new PeerJsClients(1, server, "peerjs")) {
            EventLoop loop = clients.group().next();
            List<Opener.Spec> specs = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                String a = "a" + run + "x" + i;
                String b = "b" + run + "x" + i;
                Side sa = load.new Side(b);
                Side sb = load.new Side(a);
                load.sides.add(sa);
                load.sides.add(sb);
                specs.add(new Opener.Spec(a, "ta" + i, null, sa));
                specs.add(new Opener.Spec(b, "tb" + i, null, sb, serverB));
            }
            long t0 = System.nanoTime();
            Opener opener = new Opener(args.integer("connect-concurrency", 200));
            int opened = opener.openAll(clients, specs, 120_000, 1);
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            if (opened < specs.size()) {
                throw new IllegalStateException("opened " + opened + " of " + specs.size() + " clients; first failure: "
                        + opener.firstFailure());
            }
            System.err.printf("relay %s (java): %d clients open in %.2f s%n", system, opened, openSeconds);
            Phase common = new Phase(system, pairs, opened, proc, self, redis, metricsUrls, args, hookPhase);

            double ownMax = 0;
            boolean first = true;
            for (String mixName : pingpongMixes) {
                List<Payloads.Template> m = Payloads.mix(payloadDir, mixName);
                Result r = load.pingpong(loop, common, m, mixName, first ? warmup : settle, duration);
                first = false;
                r.write(Path.of(prefix + "-pingpong-" + mixName + ".properties"));
                if (mixName.equals(openMix)) {
                    ownMax = r.number("relays_per_s");
                }
            }
            double refMax = args.string("ref-max", "").isBlank() ? ownMax : Double.parseDouble(args.string("ref-max", "0"));
            if (refMax > 0 && !openPcts.isEmpty()) {
                List<Payloads.Template> m = Payloads.mix(payloadDir, openMix);
                for (String pct : openPcts) {
                    double rate = refMax * Double.parseDouble(pct) / 100.0;
                    Result r = load.open(loop, common, m, openMix, rate, first ? warmup : settle, duration);
                    first = false;
                    r.put("offered_pct_of_ref_max", Double.parseDouble(pct)).put("ref_max_per_s", refMax)
                            .write(Path.of(prefix + "-open-" + pct + ".properties"));
                }
            }
        }
    }

    private static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** What every phase's result shares. */
    private record Phase(String system, int pairs, int clients, java.util.function.Supplier<ProcStats.Sample> proc,
                         ProcStats self, ProcStats redis, List<String> metricsUrls, Args args, String hookPhase) {}

    private Result pingpong(EventLoop loop, Phase p, List<Payloads.Template> m, String mixName, int warm, int duration)
            throws Exception {
        on(loop, () -> {
            reset(m, Mode.PINGPONG);
            for (int i = 0; i < sides.size(); i += 2) {
                sides.get(i).send(now());
            }
            return null;
        });
        TimeUnit.SECONDS.sleep(warm);
        // Counted right next to the CPU samples: hooks and scrapes around the window must not widen
        // the count's window beyond the CPU's.
        long[][] counts = new long[2][];
        Window w = measure(p, "pingpong-" + mixName, duration, () -> counts[0] = on(loop, () -> {
            windowStart = now();
            return sides.stream().mapToLong(s -> s.received).toArray();
        }), () -> counts[1] = on(loop, () -> {
            windowEnd = now();
            return sides.stream().mapToLong(s -> s.received).toArray();
        }));
        on(loop, () -> mode = Mode.IDLE);
        long[] before = counts[0];
        long[] after = counts[1];
        long relays = 0;
        int stalled = 0;
        for (int i = 0; i < sides.size(); i += 2) {
            long d = after[i] - before[i] + after[i + 1] - before[i + 1];
            relays += d;
            if (d == 0) {
                stalled++;
            }
        }
        drain(loop, 1_000);
        Result r = w.result(p, "pingpong", mixName, relays);
        return r.put("stalled_pairs", stalled).put("unexpected_messages", on(loop, () -> unexpected))
                .put("closed_clients", on(loop, () -> closed));
    }

    private Result open(EventLoop loop, Phase p, List<Payloads.Template> m, String mixName, double rate, int warm,
                        int duration) throws Exception {
        long warmNanos = TimeUnit.SECONDS.toNanos(warm);
        long durNanos = TimeUnit.SECONDS.toNanos(duration);
        ScheduledFuture<?> ticker = on(loop, () -> {
            reset(m, Mode.OPEN);
            scheduleStart = now();
            intervalNanos = 1e9 / rate;
            nextMessage = 0;
            windowStart = scheduleStart + warmNanos;
            windowEnd = windowStart + durNanos;
            scheduleEnd = windowEnd;
            return loop.scheduleAtFixedRate(this::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
        });
        long startAt = on(loop, () -> windowStart);
        sleepUntil(startAt);
        Window w = measure(p, "open-" + Math.round(rate), duration, () -> { }, () -> { });
        // Wait for what was sent in the window (a saturated server may still hold some), at most 10 s.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && on(loop, () -> receivedInWindow < sentInWindow)) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        ticker.cancel(false);
        Result r = on(loop, () -> {
            mode = Mode.IDLE;
            Result out = w.result(p, "open", mixName, receivedInWindow);
            out.put("offered_per_s", rate)
                    .put("sent_in_window", sentInWindow)
                    .put("lost", sentInWindow - receivedInWindow)
                    .put("p50_ms", latency.getValueAtPercentile(50) / 1000.0)
                    .put("p90_ms", latency.getValueAtPercentile(90) / 1000.0)
                    .put("p99_ms", latency.getValueAtPercentile(99) / 1000.0)
                    .put("p999_ms", latency.getValueAtPercentile(99.9) / 1000.0)
                    .put("max_ms", latency.getMaxValue() / 1000.0)
                    .put("send_lag_p50_ms", lag.getValueAtPercentile(50) / 1000.0)
                    .put("send_lag_p99_ms", lag.getValueAtPercentile(99) / 1000.0)
                    .put("unexpected_messages", unexpected)
                    .put("closed_clients", closed);
            return out;
        });
        drain(loop, 500);
        return r;
    }

    /** Sends every message whose intended time has come (open loop). */
    private void tick() {
        if (mode != Mode.OPEN) {
            return;
        }
        long now = now();
        int n = sides.size();
        while (true) {
            long intended = scheduleStart + (long) (nextMessage * intervalNanos);
            if (intended > now || intended >= scheduleEnd) {
                return;
            }
            Side s = sides.get((int) (nextMessage % n));
            nextMessage++;
            s.send(intended);
            if (intended >= windowStart) {
                sentInWindow++;
                lag.recordValue(Math.min(MAX_MICROS, (now - intended) / 1000));
            }
        }
    }

    private void reset(List<Payloads.Template> m, Mode next) {
        mix = m;
        mode = next;
        latency.reset();
        lag.reset();
        receivedInWindow = 0;
        sentInWindow = 0;
        windowStart = Long.MAX_VALUE;
        windowEnd = Long.MAX_VALUE;
        for (Side s : sides) {
            s.next = 0;
        }
    }

    /** Waits until nothing has arrived for {@code quietMillis} (what was in flight is delivered). */
    private void drain(EventLoop loop, long quietMillis) throws Exception {
        long last = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long total = on(loop, () -> sides.stream().mapToLong(s -> s.received).sum());
            if (total == last) {
                return;
            }
            last = total;
            TimeUnit.MILLISECONDS.sleep(quietMillis);
        }
    }

    /** One measured window: server and generator samples at its ends, hooks around it. */
    /** A step of a measured window that may throw. */
    private interface Step {
        void run() throws Exception;
    }

    /**
     * {@code atStart} runs right after the server's first CPU sample, {@code atEnd} right before its
     * last, so what they count falls in the CPU window.
     */
    private static Window measure(Phase p, String phase, int duration, Step atStart, Step atEnd) throws Exception {
        boolean hooked = phase.equals(p.hookPhase());
        if (hooked) {
            p.args().hook("on-window-start");
        }
        double m0 = p.self().machineBusySeconds();
        ProcStats.Sample s0 = p.proc().get();
        io.meshkit.bench.proc.Scrape k0 = io.meshkit.bench.proc.Scrape.of(p.metricsUrls());
        atStart.run();
        ProcStats.Sample r0 = p.redis().sample();
        ProcStats.Sample g0 = p.self().sample();
        sleepUntil(now() + TimeUnit.SECONDS.toNanos(duration));
        atEnd.run();
        io.meshkit.bench.proc.Scrape k1 = io.meshkit.bench.proc.Scrape.of(p.metricsUrls());
        ProcStats.Sample s1 = p.proc().get();
        ProcStats.Sample r1 = p.redis().sample();
        ProcStats.Sample g1 = p.self().sample();
        double m1 = p.self().machineBusySeconds();
        if (hooked) {
            p.args().hook("on-window-end");
        }
        return new Window(s0, s1, g0, g1, r0, r1, k0, k1, m1 - m0);
    }

    private record Window(ProcStats.Sample s0, ProcStats.Sample s1, ProcStats.Sample g0, ProcStats.Sample g1,
                          ProcStats.Sample r0, ProcStats.Sample r1, io.meshkit.bench.proc.Scrape k0,
                          io.meshkit.bench.proc.Scrape k1, double machineBusy) {
        /** Cluster runs: Redis' CPU and what the nodes' metrics say about Redis per relay. */
        void cluster(Result r, long relays, double seconds) {
            double redisCpu = r1.cpuSeconds() - r0.cpuSeconds();
            if (r1.nanoTime() > 0 && (r0.cpuSeconds() > 0 || redisCpu > 0)) {
                r.put("redis_cpu_pct", 100 * redisCpu / seconds)
                        .put("redis_us_per_relay", relays == 0 ? 0.0 : 1e6 * redisCpu / relays)
                        .put("redis_rss_mib", r1.rssKib() / 1024.0);
            }
            String lookups = "meshkit_signaling_cluster_owner_lookups_total{result=\"";
            double hits = k1.delta(k0, lookups + "hit\"}");
            double misses = k1.delta(k0, lookups + "miss\"}");
            if (hits + misses == 0) {
                return;
            }
            double ops = 0;
            double opSeconds = 0;
            for (String op : new String[] {"route", "publish", "claim", "release", "renew", "ping"}) {
                String series = "meshkit_signaling_redis_operations_seconds_%s{op=\"" + op + "\",outcome=\"ok\"}";
                double n = k1.delta(k0, series.formatted("count"));
                double sum = k1.delta(k0, series.formatted("sum"));
                ops += n;
                if (op.equals("route") || op.equals("publish")) {
                    opSeconds += sum;
                    r.put(op + "_count", n).put(op + "_per_relay", relays == 0 ? 0.0 : n / relays)
                            .put(op + "_mean_us", n == 0 ? 0.0 : 1e6 * sum / n);
                }
            }
            r.put("owner_cache_hit_ratio", hits / (hits + misses))
                    .put("redis_ops_per_relay", relays == 0 ? 0.0 : ops / relays)
                    .put("owner_lookup_wait_us_per_relay", relays == 0 ? 0.0 : 1e6 * opSeconds / relays);
        }

        Result result(Phase p, String mode, String mixName, long relays) {
            double seconds = (s1.nanoTime() - s0.nanoTime()) / 1e9;
            double user = s1.userSeconds() - s0.userSeconds();
            double sys = s1.systemSeconds() - s0.systemSeconds();
            Result out = new Result()
                    .put("bench", "relay")
                    .put("generator", "java")
                    .put("generator_stack", "Java " + Runtime.version().feature() + ", Netty "
                            + io.netty.util.Version.identify().values().iterator().next().artifactVersion()
                            + " WebSocket client")
                    .put("system", p.system())
                    .put("mode", mode)
                    .put("mix", mixName)
                    .put("pairs", p.pairs())
                    .put("clients", p.clients())
                    .put("window_s", seconds)
                    .put("relays", relays)
                    .put("relays_per_s", relays / seconds)
                    .put("server_cpu_pct", ProcStats.cpuPercent(s0, s1))
                    .put("server_user_pct", 100 * user / seconds)
                    .put("server_sys_pct", 100 * sys / seconds)
                    .put("relays_per_cpu_s", user + sys <= 0 ? 0.0 : relays / (user + sys))
                    .put("user_us_per_relay", relays == 0 ? 0.0 : 1e6 * user / relays)
                    .put("sys_us_per_relay", relays == 0 ? 0.0 : 1e6 * sys / relays)
                    .put("server_rss_mib", s1.rssKib() / 1024.0)
                    .put("server_hwm_mib", s1.hwmKib() / 1024.0)
                    .put("server_threads", s1.threads())
                    .put("generator_cpu_pct", ProcStats.cpuPercent(g0, g1))
                    .put("others_cpu_pct", 100 * (machineBusy - (user + sys) - (g1.cpuSeconds() - g0.cpuSeconds())
                            - (r1.cpuSeconds() - r0.cpuSeconds())) / seconds);
            cluster(out, relays, seconds);
            return out;
        }
    }

    private static void sleepUntil(long at) throws InterruptedException {
        long left;
        while ((left = at - now()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    private static <T> T on(EventLoop loop, Callable<T> task) throws Exception {
        return loop.submit(task).get(30, TimeUnit.SECONDS);
    }

    /** One client: sends the mix's messages to its partner in turn; answers in ping-pong mode. */
    private final class Side implements PeerJsClients.Listener {
        private final byte[] partner;
        private Channel channel;
        private int next;
        /** Messages received (event loop only). */
        private long received;

        Side(String partner) {
            this.partner = partner.getBytes(StandardCharsets.US_ASCII);
        }

        void send(long t) {
            Payloads.Template tpl = mix.get(next);
            next = next + 1 == mix.size() ? 0 : next + 1;
            ByteBuf buf = channel.alloc().ioBuffer(tpl.maxLength(partner.length));
            tpl.write(buf, partner, t);
            PeerJsClients.send(channel, buf);
        }

        @Override
        public void onOpen(Channel ch) {
            this.channel = ch;
            // As the PeerJS client does (pingInterval 5 s): both servers drop a client silent for alive_timeout
            // (60 s), whatever it relays, and a run's phases together last longer than that.
            long phase = java.util.concurrent.ThreadLocalRandom.current().nextLong(HEARTBEAT_MILLIS);
            ch.eventLoop().scheduleAtFixedRate(() -> {
                if (ch.isActive()) {
                    PeerJsClients.send(ch, "{\"type\":\"HEARTBEAT\"}");
                }
            }, phase, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onMessage(Channel ch, String text) {
            unexpected++;
        }

        @Override
        public void onFrame(Channel ch, ByteBuf frame) {
            long now = now();
            long t = Payloads.readT(frame);
            if (t < 0) {
                unexpected++;
                return;
            }
            received++;
            if (mode == Mode.PINGPONG) {
                send(now);
            } else if (t >= windowStart && t < windowEnd) {
                receivedInWindow++;
                latency.recordValue(Math.min(MAX_MICROS, Math.max(0, (now - t) / 1000)));
            }
        }

        @Override
        public void onClosed(Channel ch, Throwable cause) {
            closed++;
        }
    }
}
