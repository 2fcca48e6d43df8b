package io.meshkit.stun.probe;

import io.meshkit.stun.StunServer;
import io.meshkit.stun.StunServerConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.stack.StunStack;

/**
 * The I/O measurement behind the README's choice (not a test; run by hand, loopback only, bounded
 * in time): a NIO load generator (64 UDP sockets x 8 requests in flight, minimal 20-byte Binding
 * requests) against either our Netty server or a responder on ice4j's own {@link StunStack}.
 * Prints answered requests per second and latency percentiles.
 *
 * <p>Usage: {@code UdpLoadProbe netty|ice4j SECONDS [ioThreads]}
 */
public final class UdpLoadProbe {
    private static final java.util.concurrent.atomic.AtomicLong ERRORS = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong();

    private UdpLoadProbe() {}

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int seconds = Math.min(20, Integer.parseInt(args[1]));
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        InetAddress lo = InetAddress.getLoopbackAddress();
        AutoCloseable server;
        InetSocketAddress target;
        if (kind.equals("netty")) {
            StunServer s = StunServer.start(StunServerConfig.defaults(lo, 0).withTcpPort(-1).withRateLimit(0, 1)
                    .withIoThreads(threads));
            server = s;
            target = s.udpAddresses().get(0);
        } else {
            StunStack stack = new StunStack();
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(lo, 0));
            TransportAddress local = new TransportAddress(lo, socket.getLocalPort(), Transport.UDP);
            stack.addSocket(new IceUdpSocketWrapper(socket));
            stack.addRequestListener(local, evt -> {
                REQUESTS.incrementAndGet();
                try {
                    Response r = MessageFactory.createBindingResponse((Request) evt.getMessage(), evt.getRemoteAddress());
                    stack.sendResponse(evt.getTransactionID().getBytes(), r, local, evt.getRemoteAddress());
                } catch (Exception e) {
                    if (ERRORS.getAndIncrement() == 0) {
                        e.printStackTrace();
                    }
                }
            });
            // ice4j's Message.encode initialises its process-wide (Kotlin) AgentConfig on first use,
            // which takes seconds here: do it before measuring.
            Request warm = MessageFactory.createBindingRequest();
            warm.setTransactionID(new byte[12]);
            Response warmResponse = MessageFactory.createBindingResponse(warm, local);
            warmResponse.setTransactionID(new byte[12]);
            warmResponse.encode(stack);
            server = stack::shutDown;
            target = local;
        }
        try {
            Thread.sleep(500); // warm-up gap before the load: not a synchronisation
            generate(target, 1, 64, 8); // JIT warm-up
            long[] r = generate(target, seconds, 64, 8);
            System.out.printf("%s threads=%d: %d answered in %d s = %.0f/s, sent %d, p50 %.2f ms, p99 %.2f ms%n",
                    kind, threads, r[0], seconds, r[0] / (double) seconds, r[1], r[2] / 1000.0, r[3] / 1000.0);
            if (kind.equals("ice4j")) {
                System.out.printf("ice4j listener saw %d requests, %d errors%n", REQUESTS.get(), ERRORS.get());
            }
        } finally {
            server.close();
        }
    }

    /** Returns {answered, sent, p50 micros, p99 micros}. */
    static long[] generate(InetSocketAddress target, int seconds, int sockets, int window) throws Exception {
        Selector selector = Selector.open();
        DatagramChannel[] chans = new DatagramChannel[sockets];
        long[][] sentAt = new long[sockets][256];
        int[] seq = new int[sockets];
        for (int i = 0; i < sockets; i++) {
            chans[i] = DatagramChannel.open();
            chans[i].bind(new InetSocketAddress(target.getAddress(), 0));
            chans[i].connect(target);
            chans[i].configureBlocking(false);
            chans[i].register(selector, SelectionKey.OP_READ, i);
        }
        long[] lat = new long[4_000_000];
        int nLat = 0;
        long answered = 0;
        long sent = 0;
        ByteBuffer out = ByteBuffer.allocate(20);
        ByteBuffer in = ByteBuffer.allocate(2048);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (int i = 0; i < sockets; i++) {
            for (int w = 0; w < window; w++) {
                sent += send(chans[i], out, i, seq, sentAt);
            }
        }
        long lastResend = System.nanoTime();
        while (System.nanoTime() < end) {
            selector.select(20);
            for (SelectionKey k : selector.selectedKeys()) {
                int i = (Integer) k.attachment();
                DatagramChannel c = (DatagramChannel) k.channel();
                while (true) {
                    in.clear();
                    if (c.read(in) <= 0) {
                        break;
                    }
                    int id = in.get(19) & 0xFF;
                    long t = sentAt[i][id];
                    if (t != 0 && nLat < lat.length) {
                        lat[nLat++] = (System.nanoTime() - t) / 1000;
                        sentAt[i][id] = 0;
                    }
                    answered++;
                    sent += send(c, out, i, seq, sentAt);
                }
            }
            selector.selectedKeys().clear();
            if (System.nanoTime() - lastResend > 200_000_000L) {
                // Lost packets would shrink the window: top it up every 200 ms.
                for (int i = 0; i < sockets; i++) {
                    sent += send(chans[i], out, i, seq, sentAt);
                }
                lastResend = System.nanoTime();
            }
        }
        for (DatagramChannel c : chans) {
            c.close();
        }
        selector.close();
        Arrays.sort(lat, 0, nLat);
        long p50 = nLat == 0 ? 0 : lat[nLat / 2];
        long p99 = nLat == 0 ? 0 : lat[(int) (nLat * 0.99)];
        return new long[] {answered, sent, p50, p99};
    }

    private static int send(DatagramChannel c, ByteBuffer out, int i, int[] seq, long[][] sentAt) throws Exception {
        int id = (seq[i]++) & 0xFF;
        out.clear();
        out.putShort((short) 1).putShort((short) 0).putInt(0x2112A442).putInt(i).putInt(seq[i]).putInt(id);
        out.flip();
        sentAt[i][id] = System.nanoTime();
        return c.write(out) > 0 ? 1 : 0;
    }
}
