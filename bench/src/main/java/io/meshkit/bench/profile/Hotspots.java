package io.meshkit.bench.profile;

import io.meshkit.bench.Args;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the server under test (taken by {@code PROFILE=jfr bench/run …}, or
 * by async-profiler in JFR format with {@code PROFILE=async}, which adds native and kernel frames)
 * as Markdown: where the CPU goes by activity (frame decode, JSON scan, lookup, encode, write…),
 * the methods most often on top of the CPU samples ({@code jdk.ExecutionSample}), self time by
 * area, the methods most often anywhere on the stack (inclusive), and allocation by class
 * ({@code jdk.ObjectAllocationSample}). That is what the hot-path findings in the report rest on.
 */
public final class Hotspots {
    private Hotspots() {}

    public static void run(Args args) throws IOException {
        Path jfr = Path.of(args.required("jfr"));
        int top = args.integer("top", 15);
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> selfByArea = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> activities = new HashMap<>();
        Map<String, Long> allocBytes = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = st.getFrames();
                self.merge(name(frames.get(0)), 1, Integer::sum);
                selfByArea.merge(area(frames.get(0)), 1, Integer::sum);
                activities.merge(activity(frames), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (seen.add(n)) {
                        inclusive.merge(n, 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                String cls = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
                allocBytes.merge(cls, e.getLong("weight"), Long::sum);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "JFR `%s` (recorded %s over the measured window): %d CPU samples.%n%n",
                jfr.getFileName(), Files.getLastModifiedTime(jfr).toString().substring(0, 16).replace('T', ' '),
                samples));
        table(md, "Where the CPU goes (each sample counted once, by the first matching frame from the top)",
                activities, samples, ACTIVITIES.length + 2);
        table(md, "Top of stack (self time)", self, samples, top);
        table(md, "Self time by area", selfByArea, samples, top);
        table(md, "mesh-kit methods anywhere on the stack (inclusive)", filter(inclusive, "io.meshkit."), samples, top);
        long totalAlloc = allocBytes.values().stream().mapToLong(Long::longValue).sum();
        if (totalAlloc > 0) {
            md.append("Allocation by class (sampled weight):\n\n| class | MiB | share |\n|---|---:|---:|\n");
        allocBytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> md.append(String.format(Locale.ROOT, "| `%s` | %.1f | %.1f%% |%n", en.getKey(),
                        en.getValue() / 1048576.0, 100.0 * en.getValue() / Math.max(1, totalAlloc))));
            md.append('\n');
        }
        Path out = Path.of(args.required("out"));
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
    }

    private static Map<String, Integer> filter(Map<String, Integer> m, String... prefixes) {
        Map<String, Integer> r = new HashMap<>();
        m.forEach((k, v) -> {
            for (String p : prefixes) {
                if (k.startsWith(p)) {
                    r.put(k, v);
                    return;
                }
            }
        });
        return r;
    }

    private static void table(StringBuilder md, String title, Map<String, Integer> counts, int samples, int top) {
        md.append(title).append(":\n\n| ").append(title.contains("area") ? "area"
                        : title.startsWith("Where") ? "activity" : "method")
                .append(" | samples | share |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> md.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f%% |%n", en.getKey(),
                        en.getValue(), 100.0 * en.getValue() / Math.max(1, samples))));
        md.append('\n');
    }

    /**
     * What a sample was doing, from the first frame (leaf first) that names an activity: the
     * kernel's side of I/O first, then the server's steps from decoding a frame to writing the
     * relayed one. Patterns are matched against "type.method" (async-profiler names kernel frames
     * "function(k)" and native ones "library.function").
     */
    static final String[][] ACTIVITIES = {
            {"kernel: write (send, loopback TCP)", "sendmsg", "writev", "tcp_sendmsg", "__x64_sys_write", "ksys_write"},
            {"kernel: read", "recvmsg", "tcp_recvmsg", "__x64_sys_read", "ksys_read"},
            {"kernel: epoll and scheduling", "epoll_wait", "do_epoll", "schedule(k)", "finish_task_switch", "io_uring"},
            {"kernel: other", "(k)"},
            {"JIT compiler", "Compile::", "Phase", "C2Compiler", "Compilation::", "ciEnv"},
            {"GC", "GenCollectedHeap", "DefNewGeneration", "SerialHeap", "G1", "Parallel", "GCTask"},
            {"JSON scan and decode", "io.meshkit.signaling.wire.FastScanner", "io.meshkit.signaling.wire.PeerJsDecoder",
                    "io.meshkit.signaling.wire.Utf8", "com.fasterxml.jackson"},
            {"encode relay frame", "io.meshkit.signaling.netty.TextFrames", "io.meshkit.signaling.wire.PeerJsEncoder"},
            {"buffer allocation", "io.netty.buffer.AdaptivePoolingAllocator", "io.netty.buffer.PooledByteBufAllocator",
                    "io.netty.buffer.AbstractByteBufAllocator"},
            {"WebSocket frame decode", "io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder",
                    "io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator", "io.netty.handler.codec.ByteToMessageDecoder"},
            {"realm: lookup and relay", "io.meshkit.signaling.core."},
            {"write path (Netty)", "io.netty.channel.ChannelOutboundBuffer", ".flush", ".write", "io.netty.handler.codec.MessageToMessageEncoder"},
            {"read path (Netty)", "epollInReady", ".channelRead", "io.netty.channel.epoll", "io.netty.channel.uring"},
            {"metrics", "io.micrometer", "io.prometheus"},
    };

    /**
     * Leaf first; the kernel part of a stack is taken as a whole (its leaf is usually a lock or the
     * scheduler, the system call that got there is further up), the rest frame by frame.
     */
    static String activity(List<RecordedFrame> frames) {
        int i = 0;
        if (!frames.isEmpty() && "Kernel".equals(frames.get(0).getType())) {
            StringBuilder kernel = new StringBuilder();
            while (i < frames.size() && "Kernel".equals(frames.get(i).getType())) {
                kernel.append(name(frames.get(i))).append(' ');
                i++;
            }
            for (String[] a : ACTIVITIES) {
                if (!a[0].startsWith("kernel")) {
                    continue;
                }
                for (int j = 1; j < a.length; j++) {
                    if (kernel.indexOf(a[j]) >= 0) {
                        return a[0];
                    }
                }
            }
        }
        for (; i < frames.size(); i++) {
            String n = name(frames.get(i));
            for (String[] a : ACTIVITIES) {
                if (a[0].startsWith("kernel")) {
                    continue;
                }
                for (int j = 1; j < a.length; j++) {
                    if (n.contains(a[j])) {
                        return a[0];
                    }
                }
            }
        }
        return "other";
    }

    /** The component a frame belongs to, to see where self time goes at a glance. */
    private static String area(RecordedFrame f) {
        String n = f.getMethod().getType().getName();
        if ("Kernel".equals(f.getType())) {
            return "kernel";
        }
        if (n.startsWith("libjvm.so")) {
            return "JVM native (JIT, GC, runtime)";
        }
        if (n.endsWith(".so") || n.contains(".so.")) {
            return "native libraries";
        }
        for (String[] a : new String[][] {
                {"io.meshkit.", "mesh-kit"}, {"io.netty.handler.codec.http.websocketx.", "Netty WebSocket codec"},
                {"io.netty.handler.codec.", "Netty codecs"}, {"io.netty.buffer.", "Netty buffers"},
                {"io.netty.channel.epoll.", "Netty epoll transport"}, {"io.netty.", "Netty (other)"},
                {"com.fasterxml.jackson.", "Jackson"}, {"ch.qos.logback.", "logback"}, {"org.slf4j.", "SLF4J"},
                {"java.util.concurrent.", "java.util.concurrent"}, {"java.lang.String", "java.lang.String*"},
                {"sun.nio.", "JDK NIO"}, {"java.", "JDK (other)"}, {"jdk.", "JDK (other)"}}) {
            if (n.startsWith(a[0])) {
                return a[1];
            }
        }
        return "other";
    }

    /** "type.method"; a kernel frame (async-profiler's frame type "Kernel") is "function(k)". */
    private static String name(RecordedFrame f) {
        if ("Kernel".equals(f.getType())) {
            return f.getMethod().getName() + "(k)";
        }
        String type = f.getMethod().getType().getName();
        return type.isEmpty() ? f.getMethod().getName() : type + "." + f.getMethod().getName();
    }
}
