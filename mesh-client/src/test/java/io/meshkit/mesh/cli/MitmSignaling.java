package io.meshkit.mesh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshkit.mesh.peerjs.PeerJsWire;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import io.meshkit.mesh.webrtc.DataConnection;
import io.meshkit.mesh.webrtc.PeerJsPeer;
import io.meshkit.mesh.webrtc.Serialization;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A hostile signaling server, for tests: a WebSocket proxy in front of a real PeerJS server that, once {@link #intercept}
 * names two victims, sits in the middle of every data connection between them. Each victim's offer goes to a relay
 * peer of its own ("face") that answers as the other victim, with its own DTLS certificate; the relay opens a second
 * connection to the other victim pretending to be the first, and copies every message between the two. Both victims
 * talk to each other as far as the data goes, but each sees a certificate fingerprint of the relay in its remote SDP:
 * exactly what a signaling operator who rewrites the SDP can do.
 */
final class MitmSignaling implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String upstream;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final Channel server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  /** (from, to) → the face that talks to {@code from} pretending to be {@code to}. */
  private final Map<String, PeerJsPeer> faces = new ConcurrentHashMap<>();
  /** face ID → the victim it pretends to be. */
  private final Map<String, String> posingAs = new ConcurrentHashMap<>();
  private final List<PeerJsPeer> peers = new ArrayList<>();
  /** Connections relayed so far. */
  final java.util.concurrent.atomic.AtomicInteger relayed = new java.util.concurrent.atomic.AtomicInteger();

  MitmSignaling(int port, int upstreamPort) {
    this.upstream = "ws://127.0.0.1:" + upstreamPort;
    io.netty.channel.ChannelFuture bound = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                new WebSocketServerProtocolHandler(io.netty.handler.codec.http.websocketx
                    .WebSocketServerProtocolConfig.newBuilder().websocketPath("/peerjs").checkStartsWith(true)
                    .maxFramePayloadLength(262144).build()), new Client());
          }
        }).bind("127.0.0.1", port);
    if (!bound.awaitUninterruptibly(10, TimeUnit.SECONDS) || !bound.isSuccess()) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException("the relay's server did not bind to port " + port, bound.cause());
    }
    server = bound.channel();
  }

  /** From now on, data connections between {@code a} and {@code b} (either way) go through a relay. */
  void intercept(String a, String b) {
    PeerJsPeer toA = face("mitm-" + Long.toHexString(System.nanoTime()) + "-a");
    PeerJsPeer toB = face("mitm-" + Long.toHexString(System.nanoTime()) + "-b");
    io.meshkit.testkit.lab.Await.until(() -> toA.isOpen() && toB.isOpen(), java.time.Duration.ofSeconds(30),
        () -> "relay peers did not register");
    posingAs.put(toA.id(), b);
    posingAs.put(toB.id(), a);
    faces.put(a + "\u0000" + b, toA);
    faces.put(b + "\u0000" + a, toB);
  }

  /** Back to an honest server. */
  void stop() {
    faces.clear();
  }

  private PeerJsPeer face(String id) {
    PeerJsPeer[] self = new PeerJsPeer[1];
    PeerJsPeer p = new PeerJsPeer(http, timer, SignalingEndpoint.parse(upstream.replace("ws:", "http:") + "/",
        SignalingEndpoint.DEFAULT_KEY), id, List.of(), SignalingClient.Settings.DEFAULTS, new PeerJsPeer.Listener() {
          @Override
          public void onConnection(PeerJsPeer peer, DataConnection victim) {
            String other = posingAs.get(peer.id());
            String victimId = victim.peer();
            PeerJsPeer otherFace = faces.get(other + "\u0000" + victimId);
            if (otherFace == null) {
              victim.close();
              return;
            }
            DataConnection onward = otherFace.connect(other, Serialization.JSON, true, null);
            relayed.incrementAndGet();
            relay(victim, onward);
          }
        });
    self[0] = p;
    peers.add(p);
    return p;
  }

  /** Copies every message between two connections once both are open; a close of either closes both. */
  private static void relay(DataConnection x, DataConnection y) {
    List<Object> xPending = new ArrayList<>();
    List<Object> yPending = new ArrayList<>();
    x.listener(pipe(y, xPending));
    y.listener(pipe(x, yPending));
  }

  private static DataConnection.Listener pipe(DataConnection to, List<Object> pending) {
    return new DataConnection.Listener() {
      @Override
      public void onData(DataConnection c, Object value) {
        synchronized (pending) {
          pending.add(value);
          if (!to.isOpen()) {
            return;
          }
        }
        flush();
      }

      @Override
      public void onOpen(DataConnection c) {
        flush();
      }

      private void flush() {
        synchronized (pending) {
          if (!to.isOpen()) {
            return;
          }
          for (Object v : pending) {
            try {
              to.sendJsonText(PeerJsWire.JSON.writeValueAsString(v));
            } catch (Exception e) {
              to.close();
            }
          }
          pending.clear();
        }
      }

      @Override
      public void onClose(DataConnection c, String reason) {
        to.close();
      }
    };
  }

  /** One victim's signaling socket, proxied to the real server. */
  private final class Client extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final CompletableFuture<WebSocket> up = new CompletableFuture<>();
    private volatile String id;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hs) {
        String uri = hs.requestUri();
        id = new io.netty.handler.codec.http.QueryStringDecoder(uri).parameters().getOrDefault("id", List.of(""))
            .get(0);
        http.newWebSocketBuilder().buildAsync(URI.create(upstream + uri), new WebSocket.Listener() {
          private final StringBuilder buf = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
              ctx.channel().writeAndFlush(new TextWebSocketFrame(fromServer(buf.toString())));
              buf.setLength(0);
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            ctx.close();
            return null;
          }
        }).whenComplete((ws, err) -> {
          if (err != null) {
            ctx.close();
          } else {
            up.complete(ws);
          }
        });
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      String text = toServer(frame.text());
      up.thenAccept(ws -> {
        synchronized (ws) {
          try {
            ws.sendText(text, true).get(10, TimeUnit.SECONDS); // one frame at a time, in order
          } catch (Exception e) {
            ctx.close();
          }
        }
      });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      up.thenAccept(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""));
    }

    /** A victim's message to the other victim goes to the face that poses as it. */
    private String toServer(String text) {
      try {
        ObjectNode m = (ObjectNode) JSON.readTree(text);
        String dst = m.path("dst").asText(null);
        PeerJsPeer face = dst == null ? null : faces.get(id + "\u0000" + dst);
        if (face != null) {
          m.put("dst", face.id());
          return JSON.writeValueAsString(m);
        }
      } catch (Exception notJson) {
        // pass it through as it is
      }
      return text;
    }

    /** A face's message to a victim appears to come from the victim it poses as. */
    private String fromServer(String text) {
      try {
        ObjectNode m = (ObjectNode) JSON.readTree(text);
        String src = m.path("src").asText(null);
        String posing = src == null ? null : posingAs.get(src);
        if (posing != null && faces.containsKey(id + "\u0000" + posing)) {
          m.put("src", posing);
          return JSON.writeValueAsString(m);
        }
      } catch (Exception notJson) {
        // pass it through
      }
      return text;
    }
  }

  @Override
  public void close() {
    for (PeerJsPeer p : peers) {
      p.close();
    }
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    timer.shutdownNow();
  }
}
