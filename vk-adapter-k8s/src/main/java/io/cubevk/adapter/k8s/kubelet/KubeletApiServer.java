package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.adapter.k8s.kubelet.auth.Authorizer;
import io.cubevk.adapter.k8s.kubelet.auth.TokenAuthenticator;
import io.cubevk.adapter.k8s.kubelet.tls.Pem;
import io.cubevk.adapter.k8s.kubelet.tls.ServingCertificateSource;
import io.cubevk.ports.in.ContainerStreamsUseCase;
import io.cubevk.ports.in.NodeStatsUseCase;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet HTTPS API of one virtual node, as the API server, kubectl (through it),
 * metrics-server and client-java expect to find it on a node's port 10250: container logs, exec,
 * attach, port-forward and run, the pod list, health, stats and resource metrics. Always TLS; every
 * request authenticated (client certificate or bearer token) and authorised for the node (see
 * {@link io.cubevk.adapter.k8s.kubelet.auth}).
 *
 * <p>Built on Netty because the API server talks SPDY/3.1 to kubelets for exec, attach and
 * port-forward (even when kubectl uses WebSocket towards the API server), and Netty is the one
 * maintained Java server library that still ships a SPDY codec; it also gives WebSocket and
 * HTTP/1.1 on the same connection handling, and a fixed set of event-loop threads that hold any
 * number of open streams (the cloud pushes into them; nothing blocks a thread per stream).
 *
 * <p>Threads: {@code ioThreads} event loops (accepting, TLS, protocols), and {@code
 * blockingThreads} for the calls that may block (token and access reviews, opening a stream at the
 * cloud, stats); both fixed, whatever the number of connections or streams.
 *
 * <pre>{@code
 * KubeletApiServer server = KubeletApiServer.builder()
 *     .nodeName("uk8s-abcd1234-vk-x1y2z")
 *     .port(10250)
 *     .tls(certificateSource)
 *     .clientCa(caBundlePem)
 *     .tokenAuthenticator(new TokenReviewAuthenticator(apiClient, Duration.ofMinutes(2)))
 *     .authorizer(new SubjectAccessReviewAuthorizer(apiClient, Duration.ofMinutes(5), Duration.ofSeconds(30)))
 *     .streams(containerStreams)
 *     .stats(nodeStats)
 *     .pods(new ClusterPodSource(apiClient))
 *     .build()
 *     .start();
 * }</pre>
 *
 * One server serves one node, as a kubelet does: {@code /stats/summary} describes one node and
 * authorisation names it. An agent with several virtual nodes runs one server per node (each node's
 * {@code daemonEndpoints.kubeletEndpoint.port} says which); they can share nothing but the use
 * cases, and each has its own small thread pools.
 */
public final class KubeletApiServer implements AutoCloseable {

  static final String IDLE_HANDLER = "idle";

  private static final Logger log = LoggerFactory.getLogger(KubeletApiServer.class);

  private final Builder settings;
  private final ServerContext context;
  private final TlsContexts tls;
  private final EventLoopGroup loops;
  private final ChannelGroup channels;
  private Channel serverChannel;

  private KubeletApiServer(Builder b) {
    this.settings = b;
    ThreadPoolExecutor blocking =
        new ThreadPoolExecutor(
            b.blockingThreads,
            b.blockingThreads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(b.blockingQueue),
            ThreadFactories.named("kubelet-api-blocking"));
    blocking.allowCoreThreadTimeOut(true);
    this.context =
        new ServerContext(
            b.nodeName,
            b.streams,
            b.stats,
            b.pods,
            Optional.ofNullable(b.tokenAuthenticator),
            b.authorizer,
            blocking,
            new StreamLimiter(b.maxConnections),
            new StreamLimiter(b.maxStreams),
            new ServerContext.Limits(
                b.requestIdleTimeout,
                b.streamingIdleTimeout,
                b.streamCreationTimeout,
                b.closeGracePeriod,
                b.maxBufferedBytesPerStream,
                b.maxMessageBytes,
                b.maxSpdyStreamsPerConnection),
            b.clock);
    this.tls = new TlsContexts(b.certificates, b.clientCas);
    this.loops =
        new MultiThreadIoEventLoopGroup(
            b.ioThreads,
            new DefaultThreadFactory("kubelet-api-io", true),
            NioIoHandler.newFactory());
    this.channels = new DefaultChannelGroup("kubelet-api", GlobalEventExecutor.INSTANCE);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds the port and starts accepting connections. */
  public synchronized KubeletApiServer start() {
    if (serverChannel != null) {
      return this;
    }
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loops)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // Writability flips early enough that a paused source stops before much is queued.
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(64 * 1024, 256 * 1024))
            .childHandler(new Initializer());
    try {
      serverChannel =
          bootstrap
              .bind(new InetSocketAddress(settings.bindAddress, settings.port))
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    channels.add(serverChannel);
    log.info(
        "Kubelet API of node {} listening on {}:{}",
        settings.nodeName,
        settings.bindAddress,
        port());
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    if (serverChannel == null) {
      throw new IllegalStateException("the kubelet API server is not started");
    }
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Streams (log follows, exec/attach sessions, port-forward connections, runs) open now. */
  public int openStreams() {
    return context.streamSlots().inUse();
  }

  /** Stops accepting, closes every connection (ending their streams) and stops the threads. */
  @Override
  public synchronized void close() {
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    context.blocking().shutdownNow();
    serverChannel = null;
  }

  private final class Initializer extends ChannelInitializer<SocketChannel> {
    @Override
    protected void initChannel(SocketChannel channel) {
      Optional<SslContext> ssl = tls.current();
      if (ssl.isEmpty()) {
        log.warn(
            "Refusing a connection from {}: no serving certificate yet", channel.remoteAddress());
        channel.close();
        return;
      }
      channels.add(channel);
      boolean admitted = context.connections().tryAcquire();
      if (admitted) {
        channel.closeFuture().addListener(f -> context.connections().release());
      }
      SslHandler sslHandler = ssl.get().newHandler(channel.alloc());
      sslHandler.setHandshakeTimeoutMillis(settings.handshakeTimeout.toMillis());
      ChannelPipeline pipeline = channel.pipeline();
      pipeline.addLast("tls", sslHandler);
      pipeline.addLast(
          IDLE_HANDLER,
          new IdleStateHandler(
              0, 0, settings.requestIdleTimeout.toMillis(), TimeUnit.MILLISECONDS));
      // Long request lines are normal here: an exec's whole command line is in the query.
      pipeline.addLast("http", new HttpServerCodec(64 * 1024, 64 * 1024, 16 * 1024));
      pipeline.addLast("aggregator", new HttpObjectAggregator(64 * 1024));
      pipeline.addLast("kubelet", new KubeletRequestHandler(context, !admitted));
    }
  }

  /** Settings of a {@link KubeletApiServer}; required ones are checked by {@link #build()}. */
  public static final class Builder {
    private String nodeName;
    private String bindAddress = "0.0.0.0";
    private int port = 10250;
    private ServingCertificateSource certificates;
    private List<X509Certificate> clientCas = List.of();
    private TokenAuthenticator tokenAuthenticator;
    private Authorizer authorizer;
    private ContainerStreamsUseCase streams;
    private NodeStatsUseCase stats;
    private PodSource pods;
    private int ioThreads = 2;
    private int blockingThreads = 4;
    private int blockingQueue = 1024;
    private int maxConnections = 1024;
    private int maxStreams = 1024;
    private int maxSpdyStreamsPerConnection = 256;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration requestIdleTimeout = Duration.ofSeconds(90);
    private Duration streamingIdleTimeout = Duration.ofHours(4);
    private Duration streamCreationTimeout = Duration.ofSeconds(30);
    private Duration closeGracePeriod = Duration.ofSeconds(10);
    private long maxBufferedBytesPerStream = 4L * 1024 * 1024;
    private int maxMessageBytes = 16 * 1024 * 1024;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The node this server speaks for (authorisation's resource name; the stats' node). */
    public Builder nodeName(String nodeName) {
      this.nodeName = nodeName;
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /** 10250 by default; 0 picks a free port (see {@link KubeletApiServer#port()}). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The serving certificate: fixed, or rotated by its source (see the tls package). */
    public Builder tls(ServingCertificateSource certificates) {
      this.certificates = certificates;
      return this;
    }

    /**
     * A fixed serving certificate from PEM files (kubelet's --tls-cert-file,
     * --tls-private-key-file).
     */
    public Builder tls(Path certificateChainPem, Path privateKeyPem) {
      return tls(ServingCertificateSource.fromPemFiles(certificateChainPem, privateKeyPem));
    }

    /**
     * The CAs whose client certificates authenticate callers (kubelet's --client-ca-file; the API
     * server's kubelet client certificate is signed by one of them). Without it only bearer tokens
     * authenticate.
     */
    public Builder clientCa(String pemBundle) {
      this.clientCas = Pem.certificates(pemBundle);
      return this;
    }

    public Builder clientCaFile(Path pemBundle) {
      try {
        return clientCa(Files.readString(pemBundle));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the client CA bundle " + pemBundle, e);
      }
    }

    /** Bearer-token authentication (a TokenReview one in production); none refuses tokens. */
    public Builder tokenAuthenticator(TokenAuthenticator tokenAuthenticator) {
      this.tokenAuthenticator = tokenAuthenticator;
      return this;
    }

    public Builder authorizer(Authorizer authorizer) {
      this.authorizer = authorizer;
      return this;
    }

    public Builder streams(ContainerStreamsUseCase streams) {
      this.streams = streams;
      return this;
    }

    public Builder stats(NodeStatsUseCase stats) {
      this.stats = stats;
      return this;
    }

    public Builder pods(PodSource pods) {
      this.pods = pods;
      return this;
    }

    /** Event-loop threads (default 2). */
    public Builder ioThreads(int ioThreads) {
      this.ioThreads = ioThreads;
      return this;
    }

    /** Threads for blocking calls (default 4), and how many calls may wait for one (1024). */
    public Builder blockingThreads(int threads, int queue) {
      this.blockingThreads = threads;
      this.blockingQueue = queue;
      return this;
    }

    /** Connections beyond this get 503 (default 1024). */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    /** Concurrent streams beyond this get 429 (default 1024). */
    public Builder maxStreams(int maxStreams) {
      this.maxStreams = maxStreams;
      return this;
    }

    /** TLS handshakes that take longer fail (default 10 s). */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout;
      return this;
    }

    /** An idle connection without a stream is closed after this (default 90 s, as kubelet). */
    public Builder requestIdleTimeout(Duration timeout) {
      this.requestIdleTimeout = timeout;
      return this;
    }

    /** A stream with no traffic either way is closed after this (default 4 h, as kubelet). */
    public Builder streamingIdleTimeout(Duration timeout) {
      this.streamingIdleTimeout = timeout;
      return this;
    }

    /** How long a SPDY client may take to open its streams (default 30 s, as kubelet). */
    public Builder streamCreationTimeout(Duration timeout) {
      this.streamCreationTimeout = timeout;
      return this;
    }

    /** How long to wait for the client to close after we said goodbye (default 10 s). */
    public Builder closeGracePeriod(Duration period) {
      this.closeGracePeriod = period;
      return this;
    }

    /** What a stream may have queued for a slow client before it is cut (default 4 MiB). */
    public Builder maxBufferedBytesPerStream(long bytes) {
      this.maxBufferedBytesPerStream = bytes;
      return this;
    }

    /** The largest WebSocket message accepted (default 16 MiB, client-java's largest). */
    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = bytes;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public KubeletApiServer build() {
      Objects.requireNonNull(nodeName, "nodeName");
      Objects.requireNonNull(certificates, "tls: the kubelet API is served over TLS only");
      Objects.requireNonNull(authorizer, "authorizer");
      Objects.requireNonNull(streams, "streams");
      Objects.requireNonNull(stats, "stats");
      Objects.requireNonNull(pods, "pods");
      if (clientCas.isEmpty() && tokenAuthenticator == null) {
        throw new IllegalArgumentException(
            "no way to authenticate callers: give a client CA bundle, a token authenticator, or"
                + " both");
      }
      if (ioThreads < 1 || blockingThreads < 1) {
        throw new IllegalArgumentException("ioThreads and blockingThreads must be at least 1");
      }
      return new KubeletApiServer(this);
    }
  }
}
