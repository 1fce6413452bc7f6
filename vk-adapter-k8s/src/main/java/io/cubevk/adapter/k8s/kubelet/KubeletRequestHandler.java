package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.adapter.k8s.kubelet.auth.RequestAttributes;
import io.cubevk.adapter.k8s.kubelet.auth.UserInfo;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a connection: authenticates, authorises and routes each request, answers the
 * short ones and hands streams and upgrades to their endpoints. One request at a time per
 * connection (reading pauses while one is in progress); kubelet clients do not pipeline.
 *
 * <p>Refusals (401, 403) are audited at INFO with the method, path (never the query, which may
 * carry a command line), peer and user; credentials are never logged.
 */
final class KubeletRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(KubeletRequestHandler.class);
  private static final Logger audit = LoggerFactory.getLogger("io.cubevk.kubelet.audit");

  /** A streamed response that wants to hear about its connection. */
  interface ActiveStream {
    void writabilityChanged(boolean writable);

    void connectionClosed();
  }

  private final ServerContext server;
  private final boolean overConnectionLimit;
  private boolean busy;
  private ActiveStream active;

  KubeletRequestHandler(ServerContext server, boolean overConnectionLimit) {
    this.server = server;
    this.overConnectionLimit = overConnectionLimit;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (busy) {
      if (active == null) {
        // A second request before the first was answered: pipelining, which no kubelet client
        // does; refusing it keeps one request per connection in flight.
        ctx.close();
      }
      return;
    }
    if (!request.decoderResult().isSuccess()) {
      HttpResponses.write(
          ctx.channel(),
          HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "malformed request"),
          false);
      return;
    }
    busy = true;
    ctx.channel().config().setAutoRead(false);
    KubeletRequest kubeletRequest =
        KubeletRequest.from(request, peerCertificates(ctx), ctx.channel().remoteAddress());
    Exchange exchange = new Exchange(ctx, this, server, kubeletRequest);
    if (overConnectionLimit) {
      log.warn(
          "Refused a request from {}: {} connections open (limit {})",
          kubeletRequest.remoteAddress(),
          server.connections().inUse(),
          server.connections().limit());
      HttpResponses.write(
          ctx.channel(),
          HttpResponses.text(
              HttpResponseStatus.SERVICE_UNAVAILABLE,
              "too many connections to the kubelet API (limit "
                  + server.connections().limit()
                  + "); try again"),
          false);
      return;
    }
    authenticate(exchange);
  }

  private static List<X509Certificate> peerCertificates(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : ssl.engine().getSession().getPeerCertificates()) {
        if (certificate instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
      return chain;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private void authenticate(Exchange exchange) {
    KubeletRequest request = exchange.request();
    Optional<UserInfo> certificateUser = ClientCertificates.user(request.peerCertificates());
    if (certificateUser.isPresent()) {
      authorize(exchange, certificateUser.get());
      return;
    }
    Optional<String> token = request.bearerToken();
    if (token.isEmpty()) {
      unauthorized(exchange, "no client certificate and no bearer token");
      return;
    }
    if (server.tokens().isEmpty()) {
      unauthorized(exchange, "bearer tokens are not accepted (no token authenticator)");
      return;
    }
    exchange.offload(
        () -> server.tokens().get().authenticate(token.get()),
        user -> {
          if (user.isPresent()) {
            authorize(exchange, user.get());
          } else {
            unauthorized(exchange, "bearer token rejected");
          }
        },
        failure -> {
          log.error("Unable to authenticate the request due to an error: {}", failure.getMessage());
          unauthorized(exchange, "token review failed");
        });
  }

  private void unauthorized(Exchange exchange, String why) {
    KubeletRequest request = exchange.request();
    audit.info(
        "401 Unauthorized: {} {} from {}: {}",
        request.method(),
        request.path(),
        request.remoteAddress(),
        why);
    exchange.respond(HttpResponseStatus.UNAUTHORIZED, "Unauthorized");
  }

  /** The authorizer could not decide about these attributes. */
  private static final class AuthorizationFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RequestAttributes attributes;

    AuthorizationFailed(RequestAttributes attributes, RuntimeException cause) {
      super(cause.getMessage(), cause);
      this.attributes = attributes;
    }
  }

  private void authorize(Exchange exchange, UserInfo user) {
    KubeletRequest request = exchange.request();
    List<RequestAttributes> attributes =
        NodeAuthorization.attributes(user, request, server.nodeName());
    exchange.offload(
        () -> {
          for (RequestAttributes attribute : attributes) {
            try {
              if (server.authorizer().authorize(attribute)) {
                return true;
              }
            } catch (RuntimeException e) {
              throw new AuthorizationFailed(attribute, e);
            }
          }
          return false;
        },
        allowed -> {
          if (allowed) {
            route(exchange);
            return;
          }
          String message = NodeAuthorization.forbiddenMessage(attributes);
          audit.info(
              "403 {}: {} {} from {}",
              message,
              request.method(),
              request.path(),
              request.remoteAddress());
          exchange.respond(HttpResponseStatus.FORBIDDEN, message);
        },
        failure -> {
          RequestAttributes failed =
              failure instanceof AuthorizationFailed f ? f.attributes : attributes.get(0);
          String message = NodeAuthorization.authorizationErrorMessage(failed);
          log.error("{}: {}", message, failure.getMessage());
          exchange.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, message);
        });
  }

  private void route(Exchange exchange) {
    KubeletRequest request = exchange.request();
    Optional<Route> route = Route.parse(request.path());
    if (route.isEmpty()) {
      exchange.respond(HttpResponseStatus.NOT_FOUND, "404 page not found");
      return;
    }
    Route r = route.get();
    switch (r.kind()) {
      case HEALTHZ:
        if (allowed(exchange, Set.of(HttpMethod.GET))) {
          exchange.respond(HttpResponseStatus.OK, "ok");
        }
        break;
      case PODS:
        if (allowed(exchange, Set.of(HttpMethod.GET))) {
          NodeEndpoints.pods(exchange);
        }
        break;
      case STATS_SUMMARY:
        if (allowed(exchange, Set.of(HttpMethod.GET, HttpMethod.POST))) {
          NodeEndpoints.summary(exchange);
        }
        break;
      case METRICS_RESOURCE:
        if (allowed(exchange, Set.of(HttpMethod.GET))) {
          NodeEndpoints.resourceMetrics(exchange);
        }
        break;
      case CONTAINER_LOGS:
        if (allowed(exchange, Set.of(HttpMethod.GET))) {
          ContainerLogsEndpoint.serve(exchange, r);
        }
        break;
      case EXEC:
      case ATTACH:
        if (allowed(exchange, Set.of(HttpMethod.GET, HttpMethod.POST))) {
          RemoteCommandEndpoint.serve(exchange, r);
        }
        break;
      case RUN:
        if (allowed(exchange, Set.of(HttpMethod.POST))) {
          RunEndpoint.serve(exchange, r);
        }
        break;
      case PORT_FORWARD:
        if (allowed(exchange, Set.of(HttpMethod.GET, HttpMethod.POST))) {
          PortForwardEndpoint.serve(exchange, r);
        }
        break;
      default:
        exchange.respond(HttpResponseStatus.NOT_FOUND, "404 page not found");
    }
  }

  private static boolean allowed(Exchange exchange, Set<HttpMethod> methods) {
    if (methods.contains(exchange.request().method())) {
      return true;
    }
    var response = HttpResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed");
    response
        .headers()
        .set(
            HttpHeaderNames.ALLOW,
            String.join(", ", methods.stream().map(HttpMethod::name).sorted().toList()));
    exchange.respond(response);
    return false;
  }

  /** The request was answered: read the next one, unless the connection closes. */
  void requestDone(boolean keepAlive) {
    busy = false;
    active = null;
    if (keepAlive && context != null && context.channel().isActive()) {
      context.channel().config().setAutoRead(true);
    }
  }

  private ChannelHandlerContext context;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  void beginStreaming(ActiveStream stream) {
    active = stream;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (active != null) {
      active.writabilityChanged(ctx.channel().isWritable());
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (active != null) {
      ActiveStream stream = active;
      active = null;
      stream.connectionClosed();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      log.debug("Closing idle connection from {}", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
