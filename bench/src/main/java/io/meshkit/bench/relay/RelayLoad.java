package io.meshkit.bench.relay;

import io.meshkit.bench.Args;
import io.meshkit.bench.Result;
import io.meshkit.bench.proc.ProcStats;
import io.meshkit.bench.ws.Opener;
import io.meshkit.bench.ws.PeerJsClients;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Benchmark 1, signaling relay: {@code pairs} pairs of PeerJS clients ping-pong {@code OFFER}
 * messages through the server, one message in flight per pair (a closed loop, as the reference's
 * first figure was taken). Every relayed offer carries the generator's {@code System.nanoTime()}
 * at send; the receiver records the one-way latency (same process, same clock) and at once sends
 * an offer back to its partner. Relays/s = offers delivered per second in the measured window.
 */
public final class RelayLoad {
    private final LongAdder relays = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder closed = new LongAdder();
    /** One-way latency, microseconds; written from the event loop, read by the main thread. */
    private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);
    private final Recorder latency = new Recorder(MAX_MICROS, 3);
    private final String filler;
    private static final ByteBuf T_KEY = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("\"t\":", StandardCharsets.US_ASCII));
    private static final ByteBuf OFFER = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("\"OFFER\"", StandardCharsets.US_ASCII));

    /** Send times are nanoseconds since this, so never negative. */
    private static final long CLOCK_BASE = System.nanoTime() - 1;

    /** Appends {@code v} (non-negative) in decimal. */
    static void writeDecimal(ByteBuf buf, long v) {
        byte[] digits = new byte[20];
        int i = digits.length;
        do {
            digits[--i] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        buf.writeBytes(digits, i, digits.length - i);
    }

    private RelayLoad(int sdpBytes) {
        this.filler = "v=0 o=- 4611731400430051336 2 IN IP4 127.0.0.1 s=- t=0 0 a=group:BUNDLE 0 "
                .repeat(1 + sdpBytes / 60).substring(0, sdpBytes);
    }

    public static void run(Args args) throws Exception {
        int pairs = args.integer("pairs", 100);
        int warmup = args.integer("warmup", 3);
        int duration = args.integer("duration", 10);
        String system = args.required("system");
        InetSocketAddress server = new InetSocketAddress(args.string("host", "127.0.0.1"), args.integer("port", 9000));
        ProcStats proc = new ProcStats(args.pid("server-pid"), args.integer("clk-tck", 100));
        // The generator watches itself too: near 100% it, not the server, limits the figure.
        ProcStats self = new ProcStats(ProcessHandle.current().pid(), args.integer("clk-tck", 100));
        RelayLoad load = new RelayLoad(args.integer("sdp-bytes", 200));
        String run = Long.toString(Math.floorMod(System.nanoTime(), 1_000_000L), 36);

        try (PeerJsClients clients = new PeerJsClients(args.integer("threads", 1), server, "peerjs")) {
            List<Opener.Spec> specs = new ArrayList<>();
            List<Side> initiators = new ArrayList<>();
            List<Side[]> pairList = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                String a = "a" + run + "x" + i;
                String b = "b" + run + "x" + i;
                Side sa = load.new Side(b);
                Side sb = load.new Side(a);
                initiators.add(sa);
                pairList.add(new Side[] {sa, sb});
                specs.add(new Opener.Spec(a, "ta" + i, null, sa));
                specs.add(new Opener.Spec(b, "tb" + i, null, sb));
            }
            Opener opener = new Opener(args.integer("connect-concurrency", 200));
            long t0 = System.nanoTime();
            int opened = opener.openAll(clients, specs, 120_000, 1);
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            if (opened < specs.size()) {
                throw new IllegalStateException("opened " + opened + " of " + specs.size() + " clients; first failure: "
                        + opener.firstFailure());
            }
            System.err.printf("relay %s: %d clients open in %.2f s; warm-up %d s, measuring %d s%n",
                    system, opened, openSeconds, warmup, duration);
            for (Side s : initiators) {
                s.channel.eventLoop().execute(s::sendOffer);
            }
            TimeUnit.SECONDS.sleep(warmup);

            // The measured window: counters and histogram restart here.
            load.latency.getIntervalHistogram();
            long relaysBefore = load.relays.sum();
            long[] pairBefore = pairList.stream().mapToLong(p -> p[0].received + p[1].received).toArray();
            args.hook("on-window-start");
            ProcStats.Sample p0 = proc.sample();
            ProcStats.Sample g0 = self.sample();
            TimeUnit.SECONDS.sleep(duration);
            ProcStats.Sample p1 = proc.sample();
            args.hook("on-window-end");
            ProcStats.Sample g1 = self.sample();
            long delivered = load.relays.sum() - relaysBefore;
            // A pair whose offer was lost (dropped by a rate limit, say) stops: the loop has one in flight.
            int stalled = 0;
            for (int i = 0; i < pairList.size(); i++) {
                Side[] p = pairList.get(i);
                if (p[0].received + p[1].received == pairBefore[i]) {
                    stalled++;
                }
            }
            Histogram h = load.latency.getIntervalHistogram();
            double seconds = (p1.nanoTime() - p0.nanoTime()) / 1e9;

            new Result()
                    .put("bench", "relay")
                    .put("system", system)
                    .put("pairs", pairs)
                    .put("clients", opened)
                    .put("sdp_bytes", args.integer("sdp-bytes", 200))
                    .put("open_seconds", openSeconds)
                    .put("warmup_s", warmup)
                    .put("window_s", seconds)
                    .put("relays", delivered)
                    .put("relays_per_s", delivered / seconds)
                    .put("p50_ms", h.getValueAtPercentile(50) / 1000.0)
                    .put("p99_ms", h.getValueAtPercentile(99) / 1000.0)
                    .put("p999_ms", h.getValueAtPercentile(99.9) / 1000.0)
                    .put("max_ms", h.getMaxValue() / 1000.0)
                    .put("server_cpu_pct", ProcStats.cpuPercent(p0, p1))
                    .put("server_rss_mib", p1.rssKib() / 1024.0)
                    .put("server_hwm_mib", p1.hwmKib() / 1024.0)
                    .put("server_threads", p1.threads())
                    .put("stalled_pairs", stalled)
                    .put("unexpected_messages", load.unexpected.sum())
                    .put("closed_clients", load.closed.sum())
                    .put("generator_cpu_pct", ProcStats.cpuPercent(g0, g1))
                    .write(Path.of(args.required("out")));
        }
    }

    /** One client of a pair: answers every offer from its partner with an offer back. */
    private final class Side implements PeerJsClients.Listener {
        private final String partner;
        private Channel channel;
        /** Offers this side received; written on its event loop, read by the main thread for a count. */
        private volatile long received;

        private final byte[] prefix;
        private final byte[] suffix;

        Side(String partner) {
            this.partner = partner;
            this.prefix = ("{\"type\":\"OFFER\",\"dst\":\"" + partner + "\",\"payload\":{\"t\":")
                    .getBytes(StandardCharsets.UTF_8);
            this.suffix = (",\"type\":\"data\",\"connectionId\":\"dc_bench" + partner
                    + "\",\"serialization\":\"binary\",\"reliable\":true,\"sdp\":{\"type\":\"offer\",\"sdp\":\""
                    + filler + "\"}}}").getBytes(StandardCharsets.UTF_8);
        }

        void sendOffer() {
            // The shape of a PeerJS data-connection offer; "t" is the generator's send time. The
            // fixed parts are encoded once: the generator must not be what limits the figure.
            ByteBuf buf = channel.alloc().ioBuffer(prefix.length + 20 + suffix.length);
            buf.writeBytes(prefix);
            writeDecimal(buf, System.nanoTime() - CLOCK_BASE);
            buf.writeBytes(suffix);
            PeerJsClients.send(channel, buf);
        }

        @Override
        public void onOpen(Channel ch) {
            this.channel = ch;
        }

        @Override
        public void onMessage(Channel ch, String text) {
            unexpected.increment();
        }

        @Override
        public void onFrame(Channel ch, ByteBuf frame) {
            long now = System.nanoTime();
            // Read "t" straight from the bytes: the only offers arriving are our partner's.
            int t = ByteBufUtil.indexOf(T_KEY, frame);
            if (t < 0 || ByteBufUtil.indexOf(OFFER, frame) < 0) {
                unexpected.increment();
                return;
            }
            long sent = 0;
            for (int i = t + T_KEY.readableBytes(); i < frame.writerIndex(); i++) {
                byte b = frame.getByte(i);
                if (b < '0' || b > '9') {
                    break;
                }
                sent = sent * 10 + (b - '0');
            }
            latency.recordValue(Math.min(MAX_MICROS, Math.max(0, (now - CLOCK_BASE - sent) / 1000)));
            relays.increment();
            received++;
            sendOffer();
        }

        @Override
        public void onClosed(Channel ch, Throwable cause) {
            closed.increment();
        }
    }
}
