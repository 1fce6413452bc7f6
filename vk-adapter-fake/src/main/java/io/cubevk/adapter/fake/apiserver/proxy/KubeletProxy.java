package io.cubevk.adapter.fake.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.PodSubresourceHandler;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's proxy to kubelets for {@code pods/log}, {@code pods/exec}, {@code pods/attach},
 * {@code pods/portforward} and {@code nodes/proxy}: it checks the request as the API server does
 * (container named or implied, a command for exec), finds the node's kubelet, and hands the client
 * connection to one of three ways of carrying it (see the package documentation). With no kubelet
 * to reach (pod not bound, node not advertising an endpoint, connection refused) the answer is
 * {@code 501} with a {@code Status} saying why, so a sandbox without kubelets behaves as before.
 */
public final class KubeletProxy implements PodSubresourceHandler {

  private static final Logger log = LoggerFactory.getLogger(KubeletProxy.class);

  /** How long the request log waits to learn the code a proxied request got (then assumes). */
  private static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

  private final Store store;
  private final KubeletClient kubelets;

  public KubeletProxy(Store store, KubeletClient kubelets) {
    this.store = store;
    this.kubelets = kubelets;
  }

  @Override
  public CompletionStage<Integer> handle(Request r, ChannelHandlerContext ctx) {
    Target target;
    try {
      target = target(r);
    } catch (Refusal refusal) {
      answer(ctx, refusal);
      return CompletableFuture.completedFuture(refusal.code);
    }
    Channel client = ctx.channel();
    ClientSide side = ClientSide.detach(client);
    CompletableFuture<Integer> outcome = new CompletableFuture<>();
    Runnable mode = mode(r, target, client, side, outcome);
    client.eventLoop().execute(mode);
    boolean upgrade = r.headers().contains(HttpHeaderNames.UPGRADE);
    // Never waited for here: the kubelet may need this server (TokenReview, SubjectAccessReview)
    // before it answers, and a worker blocked on its answer would starve those requests.
    return outcome.completeOnTimeout(
        upgrade ? 101 : 200, OUTCOME_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Runnable mode(
      Request r,
      Target target,
      Channel client,
      ClientSide side,
      CompletableFuture<Integer> outcome) {
    HttpHeaders headers = r.headers();
    boolean upgrade = headers.contains(HttpHeaderNames.UPGRADE);
    List<String> offered = Headers.values(headers, HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    boolean webSocket = WebSockets.isWebSocket(headers);
    boolean remoteCommand = r.subresource().equals("exec") || r.subresource().equals("attach");
    if (webSocket && remoteCommand && offered.contains(RemoteCommandTranslator.V5)) {
      FullHttpRequest toKubelet = spdyUpgrade(target, List.of(RemoteCommandTranslator.SPDY_V4));
      RemoteCommandTranslator translator =
          new RemoteCommandTranslator(
              kubelets,
              target.endpoint(),
              subject(r),
              client,
              side,
              clientRequest(r),
              toKubelet,
              target.streams(),
              outcome);
      return translator::start;
    }
    List<String> tunnelled =
        offered.stream()
            .filter(p -> p.startsWith(PortForwardTunnel.PREFIX) && p.endsWith(".k8s.io"))
            .map(p -> p.substring(PortForwardTunnel.PREFIX.length()))
            .toList();
    if (webSocket && r.subresource().equals("portforward") && !tunnelled.isEmpty()) {
      PortForwardTunnel tunnel =
          new PortForwardTunnel(
              kubelets,
              target.endpoint(),
              subject(r),
              client,
              side,
              clientRequest(r),
              spdyUpgrade(target, tunnelled),
              outcome);
      return tunnel::start;
    }
    HttpForward forward =
        new HttpForward(
            kubelets,
            target.endpoint(),
            subject(r),
            client,
            side,
            passThrough(r, target, upgrade),
            upgrade,
            outcome);
    return forward::start;
  }

  // ------------------------------------------------------------------ where and what

  /**
   * @param pathAndQuery the kubelet's path with its query
   * @param streams exec/attach stream flags (for the translator)
   */
  private record Target(
      KubeletEndpoint endpoint, String pathAndQuery, RemoteCommandTranslator.Options streams) {}

  private Target target(Request r) {
    String what = r.resource() + "/" + r.subresource();
    String nodeName;
    if (r.resource().equals("nodes")) {
      nodeName = r.name();
    } else {
      if (r.subresource().equals("proxy")) {
        throw notServed(
            r, "pods/proxy reaches the pod's own network, which Cube pods do not share");
      }
      nodeName = r.object().at("/spec/nodeName").asText("");
      if (nodeName.isEmpty()) {
        throw notServed(r, "the pod is not bound to a node, so no kubelet runs it");
      }
    }
    ResourceType nodes = store.resources().require("", "nodes");
    KubeletEndpoint endpoint =
        store
            .find(nodes, "", nodeName)
            .flatMap(KubeletEndpoint::of)
            .orElseThrow(
                () ->
                    notServed(
                        r, "node \"" + nodeName + "\" advertises no kubelet endpoint to proxy to"));
    String pod = r.name();
    String ns = r.namespace();
    RemoteCommandTranslator.Options none =
        new RemoteCommandTranslator.Options(false, true, true, false);
    return switch (r.subresource()) {
      case "log" -> {
        String container = container(r, false);
        QueryStringEncoder q =
            new QueryStringEncoder(kubeletPath("containerLogs", ns, pod, container));
        for (String flag : List.of("follow", "previous", "timestamps")) {
          if (flag(r, flag, false)) {
            q.addParam(flag, "true");
          }
        }
        for (String value : List.of("sinceSeconds", "sinceTime", "tailLines", "limitBytes")) {
          first(r, value).ifPresent(v -> q.addParam(value, v));
        }
        yield new Target(endpoint, q.toString(), none);
      }
      case "exec", "attach" -> {
        String container = container(r, true);
        RemoteCommandTranslator.Options streams =
            new RemoteCommandTranslator.Options(
                flag(r, "stdin", false),
                flag(r, "stdout", true),
                flag(r, "stderr", true),
                flag(r, "tty", false));
        if (!streams.stdin() && !streams.stdout() && !streams.stderr()) {
          throw new Refusal(
              400, "BadRequest", "you must specify at least 1 of stdin, stdout, stderr");
        }
        List<String> command = r.params().getOrDefault("command", List.of());
        if (r.subresource().equals("exec") && command.isEmpty()) {
          throw new Refusal(
              400, "BadRequest", "you must specify at least one command for the container");
        }
        QueryStringEncoder q =
            new QueryStringEncoder(kubeletPath(r.subresource(), ns, pod, container));
        command.forEach(c -> q.addParam("command", c));
        // kubelet's names for the stream flags (k8s.io/api core/v1 Exec*Param)
        if (streams.stdin()) {
          q.addParam("input", "1");
        }
        if (streams.stdout()) {
          q.addParam("output", "1");
        }
        if (streams.stderr()) {
          q.addParam("error", "1");
        }
        if (streams.tty()) {
          q.addParam("tty", "1");
        }
        yield new Target(endpoint, q.toString(), streams);
      }
      case "portforward" -> {
        QueryStringEncoder q = new QueryStringEncoder("/portForward/" + ns + "/" + pod);
        for (String ports : r.params().getOrDefault("ports", List.of())) {
          for (String port : ports.split(",")) {
            if (!port.isBlank()) {
              q.addParam("port", port.trim());
            }
          }
        }
        yield new Target(endpoint, q.toString(), none);
      }
      case "proxy" -> new Target(endpoint, nodeProxyPath(r), none);
      default -> throw notServed(r, what + " is not a kubelet subresource");
    };
  }

  private static String kubeletPath(String endpoint, String ns, String pod, String container) {
    return "/" + endpoint + "/" + ns + "/" + pod + "/" + container;
  }

  /** {@code /api/v1/nodes/<n>/proxy/<rest>?<query>} → {@code /<rest>?<query>}. */
  private static String nodeProxyPath(Request r) {
    String uri = r.uri();
    String marker = "/nodes/" + r.name() + "/proxy";
    int at = uri.indexOf(marker);
    String rest = at < 0 ? "/" : uri.substring(at + marker.length());
    if (rest.isEmpty() || rest.startsWith("?")) {
      rest = "/" + rest;
    }
    return rest;
  }

  /**
   * The container a log, exec or attach is for: the one named, which must be in the pod; or the
   * pod's only container, as the API server picks it.
   */
  private static String container(Request r, boolean streams) {
    JsonNode spec = r.object().path("spec");
    List<String> containers = names(spec.path("containers"));
    List<String> others = new ArrayList<>(names(spec.path("initContainers")));
    others.addAll(names(spec.path("ephemeralContainers")));
    Optional<String> named = first(r, "container").filter(c -> !c.isEmpty());
    if (named.isEmpty()) {
      if (containers.size() == 1) {
        return containers.get(0);
      }
      throw new Refusal(
          400,
          "BadRequest",
          "a container name must be specified for pod "
              + r.name()
              + ", choose one of: "
              + containers.toString().replace(",", ""));
    }
    String container = named.get();
    if (!containers.contains(container) && !others.contains(container)) {
      throw new Refusal(
          400, "BadRequest", "container " + container + " is not valid for pod " + r.name());
    }
    return container;
  }

  private static List<String> names(JsonNode containers) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : containers) {
      out.add(c.path("name").asText());
    }
    return out;
  }

  private static Optional<String> first(Request r, String name) {
    List<String> values = r.params().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A boolean option as the API server decodes it ({@code true}/{@code 1}; absent: default). */
  private static boolean flag(Request r, String name, boolean absent) {
    return first(r, name).map(v -> v.equalsIgnoreCase("true") || v.equals("1")).orElse(absent);
  }

  // ------------------------------------------------------------------ requests

  /** The client's request as it came, for a WebSocket handshake the proxy answers itself. */
  private static FullHttpRequest clientRequest(Request r) {
    FullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.valueOf(r.method()), r.uri(), Unpooled.EMPTY_BUFFER);
    req.headers().set(r.headers());
    return req;
  }

  /** The client's request re-addressed to the kubelet, upgrade included. */
  private static FullHttpRequest passThrough(Request r, Target target, boolean upgrade) {
    FullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.valueOf(r.method()),
            target.pathAndQuery(),
            Unpooled.wrappedBuffer(r.body()));
    HttpHeaders headers = req.headers();
    headers.set(r.headers());
    Headers.dropCredentials(headers);
    Headers.dropHopByHop(headers);
    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (upgrade) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    } else {
      headers.remove(HttpHeaderNames.UPGRADE);
    }
    headers.set(HttpHeaderNames.HOST, target.endpoint().authority());
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    return req;
  }

  /** The API server's own SPDY upgrade request to the kubelet. */
  private static FullHttpRequest spdyUpgrade(Target target, List<String> protocols) {
    FullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.POST, target.pathAndQuery(), Unpooled.EMPTY_BUFFER);
    HttpHeaders headers = req.headers();
    headers.set(HttpHeaderNames.HOST, target.endpoint().authority());
    headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    headers.set(HttpHeaderNames.UPGRADE, "SPDY/3.1");
    protocols.forEach(p -> headers.add("X-Stream-Protocol-Version", p));
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    return req;
  }

  // ------------------------------------------------------------------ refusals

  /** A request answered before any kubelet is involved. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;
    final String reason;

    Refusal(int code, String reason, String message) {
      super(message, null, false, false);
      this.code = code;
      this.reason = reason;
    }
  }

  private static Refusal notServed(Request r, String why) {
    return new Refusal(501, "NotImplemented", subject(r) + " is not served: " + why);
  }

  /** {@code pods/log of pods "web"}: how refusals name the request. */
  private static String subject(Request r) {
    return r.resource() + "/" + r.subresource() + " of " + r.resource() + " \"" + r.name() + "\"";
  }

  /** On the API server's handler: the connection stays the server's (keep-alive). */
  private static void answer(ChannelHandlerContext ctx, Refusal refusal) {
    ObjectNode status = ClientSide.statusJson(refusal.code, refusal.reason, refusal.getMessage());
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(refusal.code),
            Unpooled.wrappedBuffer(Json.bytes(status)));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    ctx.writeAndFlush(response);
  }

  /** The kubelet could not be reached: 501 as when there is none, naming the dial failure. */
  static void unreachable(
      Channel client,
      String subject,
      KubeletEndpoint endpoint,
      Throwable cause,
      CompletableFuture<Integer> outcome) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    log.info("kubelet at {} unreachable: {}", endpoint, why);
    outcome.complete(501);
    ClientSide.status(
        client,
        501,
        "NotImplemented",
        subject + " is not served: error dialing backend: " + why + " (kubelet " + endpoint + ")");
  }
}
