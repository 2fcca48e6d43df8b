package io.meshkit.bench.stun;

import io.meshkit.bench.Args;
import io.meshkit.bench.Result;
import io.meshkit.bench.proc.ProcStats;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Benchmark 3, STUN Binding over UDP: {@code sockets} client sockets (each its own source port and,
 * on loopback, by default its own source address, so a server that keeps per-source state pays for
 * it) each keep {@code inflight} minimal 20-byte
 * Binding requests (RFC 8489 section 6: type 0x0001, length 0, magic cookie, 96-bit transaction
 * ID) outstanding. An answer with a matching transaction ID records the latency and sends the next
 * request; a request unanswered after {@code timeout-ms} counts as lost and is replaced. One thread,
 * one selector: the generator stays on its own core.
 */
public final class StunLoad {
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(10);

    private final DatagramChannel[] channels;
    /** Send time (nanoTime) per (socket, slot); 0 = a request still to be sent. */
    private final long[][] sentAt;
    private final int[][] seq;
    private final InetSocketAddress server;
    private final long timeoutNanos;
    private final ByteBuffer out = ByteBuffer.allocateDirect(20);
    private final ByteBuffer in = ByteBuffer.allocateDirect(1500);
    private Histogram histogram = new Histogram(MAX_MICROS, 3);
    private long answered;
    private long lost;
    private long malformed;

    private StunLoad(int sockets, int inflight, int sourceIps, InetSocketAddress server, long timeoutMillis,
            Selector selector) throws Exception {
        this.server = server;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.channels = new DatagramChannel[sockets];
        this.sentAt = new long[sockets][inflight];
        this.seq = new int[sockets][inflight];
        for (int i = 0; i < sockets; i++) {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.bind(new InetSocketAddress(sourceAddress(server, i % sourceIps), 0));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, i);
            channels[i] = ch;
        }
    }

    /**
     * Source address number {@code n}: on loopback, 127.2.x.y (all of 127/8 is local on Linux), so
     * a server keeping per-source-address state (a rate limiter) tracks many sources; elsewhere the
     * address the server is reached from.
     */
    private static java.net.InetAddress sourceAddress(InetSocketAddress server, int n) throws Exception {
        if (!server.getAddress().isLoopbackAddress() || !(server.getAddress() instanceof java.net.Inet4Address)) {
            return null;
        }
        return java.net.InetAddress.getByAddress(new byte[] {127, 2, (byte) (n / 250), (byte) (1 + n % 250)});
    }

    public static void run(Args args) throws Exception {
        String system = args.required("system");
        InetSocketAddress server = new InetSocketAddress(args.string("host", "127.0.0.1"), args.integer("port", 3478));
        int sockets = args.integer("sockets", 256);
        int inflight = args.integer("inflight", 2);
        int warmup = args.integer("warmup", 3);
        int duration = args.integer("duration", 10);
        ProcStats proc = new ProcStats(args.pid("server-pid"), args.integer("clk-tck", 100));
        // The generator watches itself too: near 100% it, not the server, limits the figure.
        ProcStats self = new ProcStats(ProcessHandle.current().pid(), args.integer("clk-tck", 100));
        try (Selector selector = Selector.open()) {
            int sourceIps = Math.max(1, Math.min(sockets, args.integer("source-ips", sockets)));
            StunLoad load = new StunLoad(sockets, inflight, sourceIps, server, args.integer("timeout-ms", 500), selector);
            load.loop(selector, TimeUnit.SECONDS.toNanos(warmup));
            load.histogram = new Histogram(MAX_MICROS, 3);
            load.answered = 0;
            load.lost = 0;
            args.hook("on-window-start");
            double m0 = self.machineBusySeconds();
            ProcStats.Sample p0 = proc.sample();
            ProcStats.Sample g0 = self.sample();
            load.loop(selector, TimeUnit.SECONDS.toNanos(duration));
            ProcStats.Sample p1 = proc.sample();
            double m1 = self.machineBusySeconds();
            args.hook("on-window-end");
            ProcStats.Sample g1 = self.sample();
            double seconds = (p1.nanoTime() - p0.nanoTime()) / 1e9;
            Histogram h = load.histogram;
            new Result()
                    .put("bench", "stun")
                    .put("generator", "java")
                    .put("generator_stack", "Java " + Runtime.version().feature() + " NIO DatagramChannel, one selector")
                    .put("system", system)
                    .put("sockets", sockets)
                    .put("inflight_per_socket", inflight)
                    .put("source_ips", sourceIps)
                    .put("warmup_s", warmup)
                    .put("window_s", seconds)
                    .put("answered", load.answered)
                    .put("answered_per_s", load.answered / seconds)
                    .put("lost", load.lost)
                    .put("malformed", load.malformed)
                    .put("p50_ms", h.getValueAtPercentile(50) / 1000.0)
                    .put("p99_ms", h.getValueAtPercentile(99) / 1000.0)
                    .put("p999_ms", h.getValueAtPercentile(99.9) / 1000.0)
                    .put("server_cpu_pct", ProcStats.cpuPercent(p0, p1))
                    .put("server_user_pct", 100 * (p1.userSeconds() - p0.userSeconds()) / seconds)
                    .put("server_sys_pct", 100 * (p1.systemSeconds() - p0.systemSeconds()) / seconds)
                    .put("server_rss_mib", p1.rssKib() / 1024.0)
                    .put("server_hwm_mib", p1.hwmKib() / 1024.0)
                    .put("server_threads", p1.threads())
                    .put("generator_cpu_pct", ProcStats.cpuPercent(g0, g1))
                    .put("others_cpu_pct", 100 * (m1 - m0 - (p1.cpuSeconds() - p0.cpuSeconds())
                            - (g1.cpuSeconds() - g0.cpuSeconds())) / seconds)
                    .write(Path.of(args.required("out")));
            for (DatagramChannel ch : load.channels) {
                ch.close();
            }
        }
    }

    /** Runs the closed loop for {@code nanos}. */
    private void loop(Selector selector, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        long nextSweep = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = now + TimeUnit.MILLISECONDS.toNanos(5);
            }
            if (selector.select(2) == 0) {
                continue;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                int socket = (Integer) key.attachment();
                DatagramChannel ch = channels[socket];
                while (true) {
                    in.clear();
                    if (ch.receive(in) == null) {
                        break;
                    }
                    in.flip();
                    onResponse(socket, System.nanoTime());
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private void onResponse(int socket, long now) throws Exception {
        // Success response (0x0101) whose cookie and transaction ID match one of ours.
        if (in.remaining() < 20 || in.getShort(0) != 0x0101 || in.getInt(4) != MAGIC_COOKIE
                || in.getInt(8) != socket) {
            malformed++;
            return;
        }
        int slot = in.getInt(12);
        if (slot < 0 || slot >= seq[socket].length || in.getInt(16) != seq[socket][slot] || sentAt[socket][slot] == 0) {
            return; // a late answer to a request already counted lost
        }
        histogram.recordValue(Math.min(MAX_MICROS, (now - sentAt[socket][slot]) / 1000));
        answered++;
        send(socket, slot, now);
    }

    /** Sends requests still to be sent, and replaces those unanswered for longer than the timeout. */
    private void sweep(long now) throws Exception {
        for (int s = 0; s < channels.length; s++) {
            for (int slot = 0; slot < sentAt[s].length; slot++) {
                long at = sentAt[s][slot];
                if (at == 0) {
                    send(s, slot, now);
                } else if (now - at > timeoutNanos) {
                    lost++;
                    send(s, slot, now);
                }
            }
        }
    }

    private void send(int socket, int slot, long now) throws Exception {
        int next = ++seq[socket][slot];
        out.clear();
        out.putShort((short) 0x0001).putShort((short) 0).putInt(MAGIC_COOKIE)
                .putInt(socket).putInt(slot).putInt(next).flip();
        // A full socket buffer returns 0: leave the slot unsent, the next sweep retries it.
        sentAt[socket][slot] = channels[socket].send(out, server) == 0 ? 0 : now;
    }
}
