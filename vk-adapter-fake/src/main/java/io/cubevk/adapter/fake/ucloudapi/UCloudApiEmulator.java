package io.cubevk.adapter.fake.ucloudapi;

import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server that answers the UCloud API (cube-api.md) over a {@link FakeCubeCloud}, so the
 * real UCloud adapter runs end to end against it: form (or JSON) POSTs on {@code /}, signatures
 * checked against the configured key pairs (RetCode 171 on a mismatch, 172 for an unknown public
 * key, 170 without one), UCloud's envelope with HTTP 200 for every API answer, the Cube actions,
 * UNet's EIP actions and UDisk's DescribeUDisk/DetachUDisk/DeleteUDisk, base64 Cube YAML through
 * the domain codec, and paging. The cloud's faults apply: a refusal is a RetCode, an outage is HTTP
 * 503, a lost answer is a connection reset after the action happened. Listens on 127.0.0.1 only.
 *
 * <pre>{@code
 * try (UCloudApiEmulator api = UCloudApiEmulator.builder(cloud)
 *         .keyPair("my-public-key", "my-private-key")
 *         .start()) {
 *   URI base = api.baseUrl(); // http://127.0.0.1:PORT/
 * }
 * }</pre>
 */
public final class UCloudApiEmulator implements AutoCloseable {

  private final EventLoopGroup io;
  private final EventExecutorGroup handlers;
  private final Channel channel;
  private final ApiHandler handler;
  private final int port;

  private UCloudApiEmulator(Builder b) throws InterruptedException {
    this.handler = new ApiHandler(b.cloud.api(), b.keys);
    this.io =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("ucloud-emulator-io", true), NioIoHandler.newFactory());
    this.handlers =
        new DefaultEventExecutorGroup(
            b.handlerThreads, new DefaultThreadFactory("ucloud-emulator", true));
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(io)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpServerExpectContinueHandler())
                        .addLast(new HttpObjectAggregator(b.maxRequestBytes))
                        // Off the I/O thread: injected latency sleeps in the handler.
                        .addLast(handlers, "ucloud-api", handler);
                  }
                });
    try {
      this.channel =
          bootstrap
              .bind(
                  new InetSocketAddress(
                      InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), b.port))
              .sync()
              .channel();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("127.0.0.1 is always an address", e);
    } catch (RuntimeException | InterruptedException e) {
      shutdown();
      throw e;
    }
    this.port = ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public static Builder builder(FakeCubeCloud cloud) {
    return new Builder(cloud);
  }

  /** {@code http://127.0.0.1:PORT/}: the base URL to give a UCloud client. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  public int port() {
    return port;
  }

  /** How many HTTP requests arrived so far (whatever their answer). */
  public long requests() {
    return handler.requests();
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    shutdown();
  }

  private void shutdown() {
    io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    handlers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Configures and starts an emulator. */
  public static final class Builder {
    private final FakeCubeCloud cloud;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private int port;
    private int handlerThreads = 8;
    private int maxRequestBytes = 64 << 20;

    private Builder(FakeCubeCloud cloud) {
      this.cloud = cloud;
    }

    /** Accepts requests signed with this key pair (may be called for several accounts' keys). */
    public Builder keyPair(String publicKey, String privateKey) {
      if (publicKey == null || publicKey.isBlank() || privateKey == null || privateKey.isBlank()) {
        throw new IllegalArgumentException("keyPair: the public and private keys cannot be empty");
      }
      keys.put(publicKey, privateKey);
      return this;
    }

    /** The port to listen on (default 0: a free one, see {@link UCloudApiEmulator#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Threads serving requests (default 8); a request with injected latency holds one. */
    public Builder handlerThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("handlerThreads: needs 1 or more, got " + threads);
      }
      this.handlerThreads = threads;
      return this;
    }

    /** The largest request body accepted (default 64 MiB: inline data may reach 30 MiB). */
    public Builder maxRequestBytes(int bytes) {
      this.maxRequestBytes = bytes;
      return this;
    }

    /** Starts listening on 127.0.0.1. */
    public UCloudApiEmulator start() {
      if (keys.isEmpty()) {
        throw new IllegalStateException(
            "UCloudApiEmulator: configure at least one keyPair, or every request is refused");
      }
      try {
        return new UCloudApiEmulator(this);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the emulator", e);
      }
    }

    @Override
    public String toString() {
      // Never the private keys.
      return "UCloudApiEmulator.Builder{publicKeys=" + keys.keySet() + ", port=" + port + "}";
    }
  }
}
