package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.auth.CertificateAuthority;
import io.cubevk.adapter.fake.apiserver.auth.Policy;
import io.cubevk.adapter.fake.apiserver.auth.TokenIssuer;
import io.cubevk.adapter.fake.apiserver.controllers.ControllerManager;
import io.cubevk.adapter.fake.apiserver.controllers.Controllers;
import io.cubevk.adapter.fake.apiserver.proxy.KubeletClient;
import io.cubevk.adapter.fake.apiserver.proxy.KubeletProxy;
import io.cubevk.adapter.fake.apiserver.proxy.MetricsApi;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.Resources;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * An in-process Kubernetes API server for the sandbox, the integration tests and the benchmarks:
 * client-java informers and kubectl 1.32 work against it unchanged. It listens on loopback (a
 * random port by default), over HTTPS with its own CA or over plain HTTP.
 *
 * <pre>{@code
 * try (KubeApiServer server = KubeApiServer.builder().https(false).build().start()) {
 *   ApiClient client = Config.fromUrl(server.url());
 *   ...
 *   assertThat(server.requestLog().count(RequestLog.writesTo("pods", "pods/status"))).isLessThan(5);
 * }
 * }</pre>
 *
 * <p>What it serves and what it does not is written down in {@code docs/apiserver.md}.
 */
public final class KubeApiServer implements AutoCloseable {

  private final Builder config;
  private final Clock clock;
  private final Store store;
  private final CertificateAuthority ca;
  private final TokenIssuer tokenIssuer;
  private final Authenticator authenticator;
  private final Faults faults;
  private final RequestLog requestLog;
  private final Reviews.PolicyHolder policy;
  private final String adminToken;
  private final List<Lifecycle> extensions = new CopyOnWriteArrayList<>();
  private final ControllerManager controllers;
  private volatile PodSubresourceHandler podHandler = KubeApiServer::notImplemented;
  private final CertificateAuthority.Issued kubeletClientCertificate;
  private final MetricsApi metrics;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private EventExecutorGroup handlers;
  private Channel serverChannel;
  private SslContext sslContext;
  private volatile int boundPort;
  private boolean started;

  /**
   * Something started with the server and stopped with it (controllers, the scheduler). Registered
   * through {@link Builder#extension} or {@link #addExtension}.
   */
  public interface Lifecycle {
    /** Starts; called once the store exists and before the port is bound. */
    void start(KubeApiServer server);

    /** Stops; called on close. */
    void stop();
  }

  private KubeApiServer(Builder b) {
    this.config = b;
    this.clock = b.clock;
    this.store = new Store(Resources.standard(), clock, b.historySize);
    this.ca = CertificateAuthority.create("cube-vk-sandbox-ca");
    this.tokenIssuer = new TokenIssuer(clock);
    this.adminToken = b.adminToken != null ? b.adminToken : randomToken();
    boolean anonymousIsAdmin = b.anonymousIsAdmin != null ? b.anonymousIsAdmin : !b.https;
    this.authenticator = new Authenticator(adminToken, tokenIssuer, store, anonymousIsAdmin);
    this.faults = new Faults(store);
    this.requestLog = new RequestLog(b.requestLogCapacity);
    this.policy = new Reviews.PolicyHolder(b.policy);
    Controllers.installAdmission(store, tokenIssuer, ca);
    this.controllers =
        Controllers.manager(
            store,
            tokenIssuer,
            ca,
            new Controllers.Options(b.scheduler, b.controllers, b.autoApproveKubeletServing));
    this.extensions.addAll(b.extensions);
    // The API server's identity towards kubelets (kube-apiserver's --kubelet-client-certificate).
    this.kubeletClientCertificate =
        ca.issueClient("kube-apiserver-kubelet-client", List.of(Policy.MASTERS));
    List<X509Certificate> kubeletTrust = new ArrayList<>();
    kubeletTrust.add(ca.certificate()); // kubelet-serving CSRs are signed by this CA
    kubeletTrust.addAll(b.kubeletTrust);
    KubeletClient kubelets =
        KubeletClient.create(
            kubeletClientCertificate.key(), kubeletClientCertificate.certificate(), kubeletTrust);
    this.metrics = new MetricsApi(store, kubelets, clock, b.metricsResolution);
    if (b.kubeletProxy) {
      this.podHandler = new KubeletProxy(store, kubelets);
    }
    for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      ObjectNode n = Json.object();
      Json.meta(n).put("name", ns);
      store.create(store.resources().require("", "namespaces"), "", n, false);
    }
  }

  /** A builder with the defaults: HTTPS, 127.0.0.1, a random port, controllers on. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts the extensions and binds the port. Returns this server. */
  public synchronized KubeApiServer start() {
    if (started) {
      return this;
    }
    for (Lifecycle l : extensions) {
      l.start(this);
    }
    controllers.start();
    // Daemon threads: a test or tool that forgets close() must not keep its JVM alive.
    boss =
        new MultiThreadIoEventLoopGroup(
            1,
            new DefaultThreadFactory("cube-vk-apiserver-accept", true),
            NioIoHandler.newFactory());
    workers =
        new MultiThreadIoEventLoopGroup(
            config.ioThreads,
            new DefaultThreadFactory("cube-vk-apiserver-io", true),
            NioIoHandler.newFactory());
    handlers =
        new DefaultEventExecutorGroup(
            Math.max(1, config.workerThreads),
            new DefaultThreadFactory("cube-vk-apiserver-worker", true));
    if (config.https) {
      CertificateAuthority.Issued serving =
          ca.issueServing(
              "kube-apiserver",
              List.of(
                  "localhost",
                  "kubernetes",
                  "kubernetes.default",
                  "kubernetes.default.svc",
                  "kubernetes.default.svc.cluster.local"),
              List.of("127.0.0.1", config.host.equals("localhost") ? "127.0.0.1" : config.host));
      try {
        sslContext =
            SslContextBuilder.forServer(serving.key(), serving.certificate(), ca.certificate())
                .trustManager(ca.certificate())
                .clientAuth(ClientAuth.OPTIONAL)
                .build();
      } catch (SSLException e) {
        throw new IllegalStateException("the TLS context could not be built", e);
      }
    }
    bind(config.port);
    metrics.start(workers);
    kubernetesService();
    started = true;
    return this;
  }

  private void bind(int port) {
    Api api =
        new Api(
            store,
            authenticator,
            new Reviews(store, tokenIssuer, authenticator, policy),
            faults,
            requestLog,
            policy,
            config.enforceAuthorization,
            () -> podHandler,
            () -> config.host + ":" + boundPort,
            config.watchQueueLimit,
            config.bookmarkInterval.toSeconds(),
            metrics);
    ApiHandler handler = new ApiHandler(api, faults);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    if (sslContext != null) {
                      ch.pipeline().addLast("tls", sslContext.newHandler(ch.alloc()));
                    }
                    ch.pipeline().addLast("http", new HttpServerCodec());
                    ch.pipeline().addLast("aggregate", new LimitedAggregator(config.maxBodyBytes));
                    if (config.workerThreads > 0) {
                      ch.pipeline().addLast(handlers, "api", handler);
                    } else {
                      ch.pipeline().addLast("api", handler);
                    }
                  }
                });
    try {
      serverChannel = b.bind(new InetSocketAddress(config.host, port)).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding", e);
    }
    boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** The {@code kubernetes} Service and its Endpoints in {@code default}, naming this server. */
  private void kubernetesService() {
    var services = store.resources().require("", "services");
    if (store.find(services, "default", "kubernetes").isPresent()) {
      return;
    }
    ObjectNode svc = Json.object();
    Json.child(Json.meta(svc), "labels")
        .put("component", "apiserver")
        .put("provider", "kubernetes");
    Json.meta(svc).put("name", "kubernetes");
    ObjectNode spec = svc.putObject("spec");
    spec.put("clusterIP", "10.96.0.1");
    spec.putArray("ports")
        .addObject()
        .put("name", "https")
        .put("port", 443)
        .put("protocol", "TCP")
        .put("targetPort", boundPort);
    store.create(services, "default", svc, false);
    ObjectNode ep = Json.object();
    Json.child(Json.meta(ep), "labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
    Json.meta(ep).put("name", "kubernetes");
    ObjectNode subset = ep.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", config.host);
    subset
        .putArray("ports")
        .addObject()
        .put("name", "https")
        .put("port", boundPort)
        .put("protocol", "TCP");
    store.create(store.resources().require("", "endpoints"), "default", ep, false);
  }

  /** The controller manager, to add controllers or wait for it to be idle. */
  public ControllerManager controllers() {
    return controllers;
  }

  /**
   * Restarts the HTTP side on the same port: every connection and watch is cut, the state is kept,
   * and clients reconnect as after a real API server restart.
   */
  public synchronized void restart() {
    int port = boundPort;
    serverChannel.close().syncUninterruptibly();
    store.endAllWatches();
    channels.close().syncUninterruptibly();
    rebind(port);
  }

  /**
   * Binds the port again. Between the close and the bind the kernel may hand the freed port to an
   * outgoing connection as its local port (it is in the ephemeral range, and clients reconnect at
   * once): the bind then fails for as long as that connection lives, usually moments. The chaos
   * suite met it about once in ten restarts, so the bind is tried again for a few seconds.
   */
  private void rebind(int port) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        bind(port);
        return;
      } catch (Exception e) { // Netty rethrows the checked BindException unchecked
        if (!(e instanceof java.net.BindException) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(50); // not a test's synchronisation: a pause between two bind attempts
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while binding port " + port + " again", e);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (!started) {
      return;
    }
    started = false;
    controllers.stop();
    metrics.stop();
    for (Lifecycle l : extensions) {
      try {
        l.stop();
      } catch (RuntimeException e) {
        // Keep closing: one failing extension must not leave the port bound.
      }
    }
    store.endAllWatches();
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    channels.close().syncUninterruptibly();
    // Event loops first and to the end: closing connections still hands events to the handler
    // group, which must outlive them.
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    handlers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The base URL, e.g. {@code https://127.0.0.1:40123}. */
  public String url() {
    return (config.https ? "https" : "http") + "://" + config.host + ":" + boundPort;
  }

  /** The bound port. */
  public int port() {
    return boundPort;
  }

  /** Whether the server speaks HTTPS. */
  public boolean https() {
    return config.https;
  }

  /** The CA certificate (PEM) clients trust; it signs the serving certificate and CSRs. */
  public String caCertificatePem() {
    return ca.certificatePem();
  }

  /** The server's certificate authority, to issue kubelet serving or client certificates. */
  public CertificateAuthority certificateAuthority() {
    return ca;
  }

  /** The bearer token of the admin (group {@code system:masters}). */
  public String adminToken() {
    return adminToken;
  }

  /** Issues and verifies service-account tokens. */
  public TokenIssuer tokenIssuer() {
    return tokenIssuer;
  }

  /** Adds a static bearer token for {@code user} in {@code groups}. */
  public void addToken(String token, String user, List<String> groups) {
    List<String> g = new ArrayList<>(groups);
    g.add("system:authenticated");
    authenticator.addToken(token, new Identity(user, "", g));
  }

  /** Replaces the authorisation policy (SubjectAccessReviews and, if enforced, requests). */
  public void policy(Policy p) {
    policy.policy = p;
  }

  /** Writes a kubeconfig (server URL, CA, admin token) to {@code file}. */
  public void writeKubeconfig(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        file,
        Kubeconfig.render(
            url(), config.https ? ca.certificatePem() : null, adminToken, "cube-vk-sandbox"),
        StandardCharsets.UTF_8);
  }

  /**
   * The client certificate this server presents to kubelets (user {@code
   * kube-apiserver-kubelet-client}, group {@code system:masters}).
   */
  public CertificateAuthority.Issued kubeletClientCertificate() {
    return kubeletClientCertificate;
  }

  /** The object store, for direct in-process access in tests and controllers. */
  public Store store() {
    return store;
  }

  /**
   * Creates an object from its JSON (with {@code apiVersion}, {@code kind} and {@code metadata}; a
   * namespaced object without a namespace goes to {@code default}), straight into the store:
   * admission and controllers see it as if it came over HTTP, the request log does not.
   *
   * @return the stored object
   * @throws ApiException as the API would answer (unknown kind 404, invalid 422, exists 409)
   */
  public ObjectNode create(String json) {
    ObjectNode obj = Json.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var type = typeOf(obj.path("apiVersion").asText(""), obj.path("kind").asText(""));
    return store.create(type, Json.namespace(obj), obj, false);
  }

  /** The stored object, or 404 as an {@link ApiException}. */
  public ObjectNode get(String apiVersion, String kind, String namespace, String name) {
    return store.get(typeOf(apiVersion, kind), namespace, name);
  }

  private io.cubevk.adapter.fake.apiserver.store.ResourceType typeOf(
      String apiVersion, String kind) {
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return store
        .resources()
        .byKind(group, kind)
        .orElseThrow(
            () ->
                ApiException.of(
                    404,
                    "NotFound",
                    "no resource of kind " + kind + " in " + apiVersion + " is served"));
  }

  /** Every request answered, for assertions. */
  public RequestLog requestLog() {
    return requestLog;
  }

  /** The fault hooks. */
  public Faults faults() {
    return faults;
  }

  /**
   * Installs the handler of {@code pods/log|exec|attach|portforward} and {@code nodes/proxy},
   * replacing the kubelet proxy installed by default ({@link Builder#kubeletProxy}).
   */
  public void podSubresourceHandler(PodSubresourceHandler handler) {
    this.podHandler = handler;
  }

  /** Adds and, if the server runs, starts an extension (a controller, say). */
  public synchronized void addExtension(Lifecycle extension) {
    extensions.add(extension);
    if (started) {
      extension.start(this);
    }
  }

  private static int notImplemented(PodSubresourceHandler.Request r, ChannelHandlerContext ctx) {
    ApiException e =
        ApiException.of(
            501,
            "NotImplemented",
            r.resource()
                + "/"
                + r.subresource()
                + " of "
                + r.resource()
                + " \""
                + r.name()
                + "\" is not served: no kubelet proxy is installed in this API server");
    ApiHandler.write(ctx, Api.status(e), true, false);
    return 501;
  }

  private static String randomToken() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Refuses request bodies over the limit with a 413 Status instead of Netty's bare answer. */
  private static final class LimitedAggregator extends HttpObjectAggregator {
    private final int limit;

    LimitedAggregator(int limit) {
      super(limit);
      this.limit = limit;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      ApiException e =
          ApiException.of(
              413,
              "RequestEntityTooLarge",
              "Request entity too large: limit is " + limit + " bytes");
      // Keep the connection: closing it with the body unread would reset it before the client
      // reads the answer. The aggregator discards the rest of the body.
      ApiHandler.write(ctx, Api.status(e), true, false);
    }
  }

  /** Configuration of a {@link KubeApiServer}. */
  public static final class Builder {
    private boolean https = true;
    private String host = "127.0.0.1";
    private int port;
    private Clock clock = Clock.systemUTC();
    private String adminToken;
    private Boolean anonymousIsAdmin;
    private boolean enforceAuthorization;
    private Policy policy = Policy.adminOnly();
    // Like the real watch cache, bounded: an informer further behind relists (410). Each kept
    // change holds an old object version and its JSON, so this bounds memory (~50 MB at most).
    private int historySize = 10_000;
    private int maxBodyBytes = 3 * 1024 * 1024;
    private int watchQueueLimit = 100_000;
    private Duration bookmarkInterval = Duration.ofSeconds(30);
    private int requestLogCapacity = 100_000;
    private int ioThreads = 2;
    private int workerThreads = 4;
    private final List<Lifecycle> extensions = new ArrayList<>();
    private boolean scheduler = true;
    private boolean controllers = true;
    private boolean autoApproveKubeletServing = true;
    private boolean kubeletProxy = true;
    private final List<X509Certificate> kubeletTrust = new ArrayList<>();
    private Duration metricsResolution = Duration.ofSeconds(15);

    private Builder() {}

    /**
     * Whether {@code pods/log|exec|attach|portforward} and {@code nodes/proxy} are proxied to the
     * node's kubelet (default on). Off, they answer 501 until a {@link PodSubresourceHandler} is
     * installed.
     */
    public Builder kubeletProxy(boolean on) {
      this.kubeletProxy = on;
      return this;
    }

    /**
     * Also trusts these CAs for kubelets' serving certificates (kube-apiserver's {@code
     * --kubelet-certificate-authority}); the server's own CA, which signs kubelet-serving CSRs, is
     * always trusted.
     */
    public Builder kubeletTrust(X509Certificate... cas) {
      this.kubeletTrust.addAll(List.of(cas));
      return this;
    }

    /**
     * How often kubelets are scraped for {@code metrics.k8s.io} while someone asks for metrics
     * (metrics-server's {@code --metric-resolution}, default 15 s).
     */
    public Builder metricsResolution(Duration resolution) {
      this.metricsResolution = resolution;
      return this;
    }

    /** Whether the built-in scheduler binds pending pods (default on). */
    public Builder scheduler(boolean on) {
      this.scheduler = on;
      return this;
    }

    /**
     * Whether the controllers run (Deployments, ReplicaSets, StatefulSets, Jobs, DaemonSets, GC,
     * namespaces, Endpoints, token Secrets; default on). CSR signing always runs.
     */
    public Builder controllers(boolean on) {
      this.controllers = on;
      return this;
    }

    /** Whether kubelet-serving CSRs are approved automatically (default on, as the sandbox). */
    public Builder autoApproveKubeletServing(boolean on) {
      this.autoApproveKubeletServing = on;
      return this;
    }

    /** HTTPS with the server's own CA (default) or plain HTTP. */
    public Builder https(boolean on) {
      this.https = on;
      return this;
    }

    /** The address to bind; loopback by default. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port; 0 (default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The clock for timestamps and token expiry. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** A fixed admin token instead of a random one. */
    public Builder adminToken(String token) {
      this.adminToken = token;
      return this;
    }

    /**
     * Whether requests without credentials act as the admin. Defaults to true for plain HTTP
     * (tests) and false for HTTPS (the sandbox), where they get 401.
     */
    public Builder anonymousIsAdmin(boolean on) {
      this.anonymousIsAdmin = on;
      return this;
    }

    /** Whether requests of non-admin users are checked against the policy (default off). */
    public Builder enforceAuthorization(boolean on) {
      this.enforceAuthorization = on;
      return this;
    }

    /** The authorisation policy for SubjectAccessReviews (and requests, if enforced). */
    public Builder policy(Policy policy) {
      this.policy = policy;
      return this;
    }

    /** Reads the policy from a JSON file (see {@link Policy}). */
    public Builder policyFile(Path file) throws IOException {
      this.policy = Policy.read(file);
      return this;
    }

    /** How many changes are kept for watches; older resourceVersions get 410. */
    public Builder historySize(int n) {
      this.historySize = n;
      return this;
    }

    /** The largest request body accepted; larger ones get 413. */
    public Builder maxBodyBytes(int n) {
      this.maxBodyBytes = n;
      return this;
    }

    /** How many events may wait for one slow watcher before its watch is cut. */
    public Builder watchQueueLimit(int n) {
      this.watchQueueLimit = n;
      return this;
    }

    /** How often watches that allow bookmarks get one. */
    public Builder bookmarkInterval(Duration d) {
      this.bookmarkInterval = d;
      return this;
    }

    /** How many requests the request log keeps. */
    public Builder requestLogCapacity(int n) {
      this.requestLogCapacity = n;
      return this;
    }

    /**
     * Worker threads that handle requests (default 4; the event loops then only move bytes). 0
     * handles requests on the event loops themselves: one thread hop less per request, but watch
     * streams then wait behind request handling, and a {@link PodSubresourceHandler} must never
     * block.
     */
    public Builder workerThreads(int n) {
      this.workerThreads = n;
      return this;
    }

    /** Adds something started and stopped with the server (a controller, say). */
    public Builder extension(Lifecycle l) {
      this.extensions.add(l);
      return this;
    }

    /** Builds the server (not started). */
    public KubeApiServer build() {
      return new KubeApiServer(this);
    }

    /** Builds and starts the server. */
    public KubeApiServer start() {
      return build().start();
    }
  }
}
