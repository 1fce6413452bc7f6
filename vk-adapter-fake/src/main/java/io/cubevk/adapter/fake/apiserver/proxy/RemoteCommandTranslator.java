package io.cubevk.adapter.fake.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Exec and attach for a client speaking WebSocket {@code v5.channel.k8s.io} (kubectl 1.30+),
 * carried to the kubelet over SPDY {@code v4.channel.k8s.io}, as a real API server's stream
 * translator does: the kubelet is dialled, the client's WebSocket accepted (an empty message on its
 * lowest output channel says the session is up), the kubelet asked to upgrade to SPDY, and one
 * stream opened per channel. Client messages on channel 0 become stdin data, {@code [255, 0]}
 * closes stdin (FIN), channel 4 carries terminal sizes to the resize stream; the kubelet's stdout
 * and stderr become channels 1 and 2. When the kubelet's error stream ends, its v4 {@code Status}
 * (success, or the exit code) goes on channel 3, then a close frame, and the client closes the
 * connection once it has read everything. A kubelet that refuses the upgrade (no such container,
 * not running…) gives an {@code InternalError} status naming its answer, as the real translator
 * reports it.
 */
final class RemoteCommandTranslator implements SpdyClientSession.Listener, UpgradeAnswer.Callback {

  static final String V5 = "v5.channel.k8s.io";
  static final String SPDY_V4 = "v4.channel.k8s.io";

  /** How long a client may take to close after the status and close frame were sent. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(60);

  private static final byte[] SUCCESS =
      "{\"metadata\":{},\"status\":\"Success\"}".getBytes(StandardCharsets.UTF_8);

  /** Which streams the client asked for. */
  record Options(boolean stdin, boolean stdout, boolean stderr, boolean tty) {}

  private final KubeletClient kubelets;
  private final KubeletEndpoint endpoint;
  private final String subject;
  private final Channel client;
  private final ClientSide side;
  private final FullHttpRequest clientRequest;
  private final FullHttpRequest kubeletRequest;
  private final Options options;
  private final CompletableFuture<Integer> outcome;
  private final ByteBuf status = Unpooled.buffer();
  private Channel kubelet;
  private SpdyClientSession spdy;
  private int errorStream = -1;
  private int stdinStream = -1;
  private int stdoutStream = -1;
  private int stderrStream = -1;
  private int resizeStream = -1;
  private boolean stdinClosed;
  private boolean finished;

  RemoteCommandTranslator(
      KubeletClient kubelets,
      KubeletEndpoint endpoint,
      String subject,
      Channel client,
      ClientSide side,
      FullHttpRequest clientRequest,
      FullHttpRequest kubeletRequest,
      Options options,
      CompletableFuture<Integer> outcome) {
    this.kubelets = kubelets;
    this.endpoint = endpoint;
    this.subject = subject;
    this.client = client;
    this.side = side;
    this.clientRequest = clientRequest;
    this.kubeletRequest = kubeletRequest;
    this.options = options;
    this.outcome = outcome;
  }

  /** On the client's event loop. */
  void start() {
    UpgradeAnswer.dial(
        kubelets,
        endpoint,
        subject,
        client,
        side,
        clientRequest,
        kubeletRequest,
        this,
        outcome,
        connected -> {
          kubelet = connected;
          WebSockets.handshake(client, clientRequest, V5)
              .addListener(
                  handshake -> {
                    if (!handshake.isSuccess()) {
                      outcome.complete(400);
                      kubeletRequest.release();
                      kubelet.close();
                      client.close();
                      return;
                    }
                    outcome.complete(101);
                    client.pipeline().replace(ClientSide.NAME, ClientSide.NAME, new Frames());
                    announce();
                    kubelet.writeAndFlush(kubeletRequest);
                  });
        });
  }

  /** kubelet's and the API server's sign that the session is up: an empty message. */
  private void announce() {
    int channel = options.stdout() ? 1 : options.stderr() && !options.tty() ? 2 : 3;
    client.writeAndFlush(
        new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) channel})));
  }

  // ------------------------------------------------------------------ the kubelet's answer

  @Override
  public void switched(ChannelHandlerContext ctx, HttpResponse head) {
    String protocol = head.headers().get("X-Stream-Protocol-Version", "");
    if (!protocol.equals(SPDY_V4)) {
      finish(internal("the kubelet chose the unexpected stream protocol \"" + protocol + "\""));
      return;
    }
    spdy = new SpdyClientSession(this);
    ctx.pipeline().addAfter("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    ctx.pipeline().replace(UpgradeAnswer.NAME, "session", spdy);
    ctx.pipeline().remove("http");
    errorStream = spdy.open(Map.of("streamtype", "error"));
    if (options.stdin()) {
      stdinStream = spdy.open(Map.of("streamtype", "stdin"));
    }
    if (options.stdout()) {
      stdoutStream = spdy.open(Map.of("streamtype", "stdout"));
    }
    if (options.stderr() && !options.tty()) {
      stderrStream = spdy.open(Map.of("streamtype", "stderr"));
    }
    if (options.tty()) {
      resizeStream = spdy.open(Map.of("streamtype", "resize"));
    }
    spdy.flush();
    client.config().setAutoRead(kubelet.isWritable());
  }

  @Override
  public void refused(HttpResponse head, String body) {
    finish(upgradeRefused(head.status().code(), body));
  }

  @Override
  public void lost() {
    finish(internal("the kubelet at " + endpoint + " closed the connection before answering"));
  }

  // ------------------------------------------------------------------ SPDY session events

  @Override
  public void data(int streamId, ByteBuf data) {
    if (finished) {
      data.release();
    } else if (streamId == stdoutStream) {
      toClient(1, data);
    } else if (streamId == stderrStream) {
      toClient(2, data);
    } else if (streamId == errorStream) {
      status.writeBytes(data);
      data.release();
    } else {
      data.release();
    }
  }

  @Override
  public void streamEnded(int streamId, boolean reset) {
    if (streamId == errorStream) {
      finish(status.isReadable() ? copy(status) : SUCCESS);
    }
  }

  @Override
  public void closed() {
    if (!finished) {
      finish(
          status.isReadable()
              ? copy(status)
              : internal("the kubelet ended the session without the command's status"));
    }
  }

  @Override
  public void writabilityChanged(boolean writable) {
    client.config().setAutoRead(writable);
  }

  private void toClient(int channel, ByteBuf data) {
    ByteBuf message = client.alloc().buffer(1 + data.readableBytes());
    message.writeByte(channel);
    message.writeBytes(data);
    data.release();
    client.writeAndFlush(new BinaryWebSocketFrame(message));
    if (!client.isWritable()) {
      kubelet.config().setAutoRead(false); // Frames resumes it when the client drained
    }
  }

  /**
   * Ends the session: the status on channel 3, a close frame, the kubelet connection closed; the
   * client closes once it has read everything (closing first could lose output still in flight).
   */
  private void finish(byte[] statusJson) {
    if (finished) {
      return;
    }
    finished = true;
    status.release();
    ByteBuf message = client.alloc().buffer(1 + statusJson.length);
    message.writeByte(3);
    message.writeBytes(statusJson);
    client.write(new BinaryWebSocketFrame(message));
    client.writeAndFlush(new CloseWebSocketFrame(1000, ""));
    if (kubelet != null) {
      kubelet.close();
    }
    client.config().setAutoRead(true);
    client
        .eventLoop()
        .schedule(() -> client.close(), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static byte[] copy(ByteBuf buf) {
    byte[] bytes = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), bytes);
    return bytes;
  }

  /**
   * What a refused upgrade becomes: the kubelet's Status if it sent one, else an internal error
   * carrying its text, as client-go's SPDY dialer and the translator report it.
   */
  static byte[] upgradeRefused(int code, String body) {
    try {
      JsonNode parsed = Json.parseObject(body.getBytes(StandardCharsets.UTF_8));
      if ("Status".equals(parsed.path("kind").asText())) {
        return Json.bytes(parsed);
      }
    } catch (RuntimeException notJson) {
      // kubelet answers in plain text
    }
    String text = body.isEmpty() ? "the kubelet answered " + code : body;
    return internal("unable to upgrade connection: " + text);
  }

  static byte[] internal(String message) {
    ObjectNode s = Json.object();
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", "Internal error occurred: " + message);
    s.put("reason", "InternalError");
    s.putObject("details").putArray("causes").addObject().put("message", message);
    s.put("code", 500);
    return Json.bytes(s);
  }

  /** The client's WebSocket messages, after the handshake. */
  private final class Frames extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof BinaryWebSocketFrame frame) {
          fromClient(frame.content());
        } else if (msg instanceof CloseWebSocketFrame close) {
          if (!finished) {
            // The client gives up before the end: the command is cut, as on kubelet.
            finished = true;
            status.release();
            if (kubelet != null) {
              kubelet.close();
            }
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), ""))
                .addListener(f -> ctx.close());
          } else {
            ctx.close(); // the answer to our close frame: the client has read everything
          }
        } else if (msg instanceof PingWebSocketFrame ping) {
          ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void fromClient(ByteBuf content) {
      if (finished || spdy == null || !content.isReadable()) {
        return;
      }
      int channel = content.readUnsignedByte();
      switch (channel) {
        case 0 -> {
          if (stdinStream > 0 && !stdinClosed && content.isReadable()) {
            spdy.send(stdinStream, content.retain());
          }
        }
        case 4 -> {
          if (resizeStream > 0 && content.isReadable()) {
            spdy.send(resizeStream, content.retain());
          }
        }
        case 255 -> {
          if (content.isReadable() && content.readUnsignedByte() == 0 && stdinStream > 0) {
            if (!stdinClosed) {
              stdinClosed = true;
              spdy.finish(stdinStream);
            }
          }
        }
        default -> {
          // channels the client may not write: ignored, as wsstream ignores them
        }
      }
      spdy.flush();
      if (!spdy.isWritable()) {
        client.config().setAutoRead(false); // the session resumes us once the kubelet drained
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (kubelet != null && !finished) {
        kubelet.config().setAutoRead(ctx.channel().isWritable());
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (kubelet != null) {
        kubelet.close();
      }
      if (!finished) {
        finished = true;
        status.release();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
