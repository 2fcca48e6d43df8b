package io.meshkit.testkit.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A tiny UDP program for lab tests, run inside a namespace with {@link Namespace#startJava}:
 *
 * <pre>
 *   UdpAgent BIND_ADDRESS PORT [echo]
 * </pre>
 *
 * It binds one UDP socket and prints {@code ready ADDRESS:PORT}, then one line
 * {@code recv IP:PORT TEXT} per datagram received. With {@code echo} it answers each datagram with
 * {@code seen IP:PORT TEXT} (the sender as this socket saw it: behind a NAT, the NAT's mapping).
 * Each stdin line {@code send IP PORT TEXT} sends {@code TEXT} from the bound socket. Received
 * text is cut to {@link #MAX_TEXT} characters and stripped of control characters before printing.
 */
public final class UdpAgent {
    /** Longest datagram read; longer ones are truncated by the socket. */
    static final int MAX_DATAGRAM = 2048;
    /** Longest text printed per datagram. */
    static final int MAX_TEXT = 200;

    private UdpAgent() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: UdpAgent BIND_ADDRESS PORT [echo]");
            System.exit(2);
        }
        boolean echo = args.length > 2 && args[2].equals("echo");
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(args[0]),
                Integer.parseInt(args[1])));
        print("ready " + args[0] + ":" + socket.getLocalPort());
        Thread sender = new Thread(() -> sendFromStdin(socket), "udp-agent-stdin");
        sender.setDaemon(true);
        sender.start();
        byte[] buf = new byte[MAX_DATAGRAM];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            String from = p.getAddress().getHostAddress() + ":" + p.getPort();
            String text = clean(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            print("recv " + from + " " + text);
            if (echo) {
                byte[] reply = ("seen " + from + " " + text + "\n").getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            }
        }
    }

    private static void sendFromStdin(DatagramSocket socket) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] parts = line.trim().split(" ", 4);
                if (parts.length == 4 && parts[0].equals("send")) {
                    byte[] data = parts[3].getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(data, data.length,
                            new InetSocketAddress(InetAddress.getByName(parts[1]), Integer.parseInt(parts[2]))));
                    print("sent " + parts[1] + ":" + parts[2] + " " + clean(parts[3]));
                } else {
                    print("bad-command");
                }
            }
        } catch (IOException e) {
            print("send-error " + e.getClass().getSimpleName());
        }
    }

    static String clean(String text) {
        String t = text.strip().replaceAll("\\p{Cntrl}", "?");
        return t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) : t;
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
