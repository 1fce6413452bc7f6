package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.auth.Policy;
import io.cubevk.adapter.fake.apiserver.proxy.MetricsApi;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request dispatcher: authenticates, answers non-resource paths (version, health, discovery,
 * OpenAPI), authorises resource paths and hands them to {@link ResourceApi}, turns every failure
 * into a {@code Status}, applies the fault hooks and records the request.
 */
final class Api {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);

  /** A complete answer (streams answer on the channel themselves and return {@link #streamed}). */
  record Response(int code, String contentType, byte[] body, Map<String, String> headers) {
    static Response json(int code, JsonNode body) {
      return new Response(code, "application/json", Json.bytes(body), Map.of());
    }
  }

  /** The route facts a request is logged with. */
  private static final class Route {
    String verb = "";
    String group = "";
    String version = "";
    String resource = "";
    String subresource = "";
    String namespace = "";
    String name = "";
  }

  private final Store store;
  private final Discovery discovery;
  private final OpenApi openApi;
  private final Authenticator authenticator;
  private final ResourceApi resources;
  private final Faults faults;
  private final RequestLog log;
  private final Reviews.PolicyHolder policy;
  private final boolean enforceAuthorization;
  private final Supplier<String> serverAddress;
  private final MetricsApi metrics;

  Api(
      Store store,
      Authenticator authenticator,
      Reviews reviews,
      Faults faults,
      RequestLog log,
      Reviews.PolicyHolder policy,
      boolean enforceAuthorization,
      Supplier<PodSubresourceHandler> podHandler,
      Supplier<String> serverAddress,
      int watchQueueLimit,
      long bookmarkSeconds,
      MetricsApi metrics) {
    this.store = store;
    this.metrics = metrics;
    this.discovery = new Discovery(store.resources());
    this.openApi = new OpenApi(store.resources());
    this.authenticator = authenticator;
    this.faults = faults;
    this.log = log;
    this.policy = policy;
    this.enforceAuthorization = enforceAuthorization;
    this.serverAddress = serverAddress;
    this.resources =
        new ResourceApi(store, reviews, faults, podHandler, watchQueueLimit, bookmarkSeconds);
  }

  /**
   * Handles one request; returns the response to write, or null when the request was answered on
   * the channel (watches, pod subresources).
   */
  Response handle(ChannelHandlerContext ctx, ApiRequest req, SSLSession ssl) {
    Route route = new Route();
    route.verb = req.method.toLowerCase(java.util.Locale.ROOT);
    Response resp;
    Streamed streamed = new Streamed();
    try {
      req.identity = authenticator.authenticate(req, ssl);
      resp = route(ctx, req, route, streamed);
    } catch (ApiException e) {
      resp = status(e);
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", req.method, req.path, e);
      resp =
          status(
              ApiException.of(
                  500,
                  "InternalError",
                  "Internal error occurred: "
                      + e.getClass().getSimpleName()
                      + ": "
                      + e.getMessage()));
    }
    if (resp == null) {
      // Streamed: the code is known once the stream's answer started (a kubelet's 200 or 101);
      // the worker does not wait for it.
      streamed.code.whenComplete(
          (code, failure) -> log.record(recorded(req, route, failure == null ? code : 500)));
    } else {
      log.record(recorded(req, route, resp.code()));
    }
    return resp;
  }

  private static RecordedRequest recorded(ApiRequest req, Route route, int code) {
    return new RecordedRequest(
        req.received,
        req.method,
        req.path,
        req.query,
        route.verb,
        route.group,
        route.version,
        route.resource,
        route.subresource,
        route.namespace,
        route.name,
        req.identity.user(),
        code,
        Duration.between(req.received, Instant.now()));
  }

  /** The code of a request answered on the channel (watches, pod subresources). */
  static final class Streamed {
    java.util.concurrent.CompletionStage<Integer> code =
        java.util.concurrent.CompletableFuture.completedFuture(0);
  }

  static Response status(ApiException e) {
    Map<String, String> headers = e.code() == 429 ? Map.of("Retry-After", "1") : Map.of();
    return new Response(e.code(), "application/json", Json.bytes(e.toStatus()), headers);
  }

  private Response route(ChannelHandlerContext ctx, ApiRequest req, Route route, Streamed code) {
    String path =
        req.path.length() > 1 && req.path.endsWith("/")
            ? req.path.substring(0, req.path.length() - 1)
            : req.path;
    switch (path) {
      case "/version":
        return Response.json(200, Discovery.version());
      case "/healthz", "/livez", "/readyz":
        return new Response(
            200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8), Map.of());
      default:
        break;
    }
    requireAuthenticated(req);
    if (path.equals("/api")) {
      return Response.json(200, discovery.api(serverAddress.get()));
    }
    if (path.equals("/apis")) {
      ObjectNode groups = discovery.groups();
      ((ArrayNode) groups.get("groups")).add(metrics.group());
      return Response.json(200, groups);
    }
    if (path.equals("/apis/" + MetricsApi.GROUP)) {
      ObjectNode g = metrics.group();
      g.put("kind", "APIGroup");
      g.put("apiVersion", "v1");
      return Response.json(200, g);
    }
    if (MetricsApi.serves(path)) {
      return metrics(req, path, route);
    }
    if (path.equals("/openapi/v3")) {
      return Response.json(200, openApi.index());
    }
    if (path.startsWith("/openapi/v3/")) {
      byte[] doc = openApi.document(path.substring("/openapi/v3/".length()));
      if (doc == null) {
        throw notFound();
      }
      return new Response(200, "application/json", doc, Map.of());
    }
    String[] parts = path.split("/");
    if (parts.length == 3 && parts[1].equals("api")) {
      ObjectNode list = discovery.resourceList("", parts[2]);
      if (list == null) {
        throw notFound();
      }
      return Response.json(200, list);
    }
    if (parts.length == 3 && parts[1].equals("apis")) {
      ObjectNode g = discovery.group(parts[2]);
      if (g == null) {
        throw notFound();
      }
      return Response.json(200, g);
    }
    if (parts.length == 4 && parts[1].equals("apis")) {
      ObjectNode list = discovery.resourceList(parts[2], parts[3]);
      if (list == null) {
        throw notFound();
      }
      return Response.json(200, list);
    }
    ApiPath p = ApiPath.parse(path, store.resources()).orElseThrow(Api::notFound);
    route.group = p.type().group();
    route.version = p.type().version();
    route.resource = p.type().plural();
    route.subresource = p.subresource();
    route.namespace = p.namespace();
    route.name = p.name();
    route.verb = verb(req, p);
    authorize(req, p, route.verb);
    if (isWrite(route.verb)) {
      int fail = faults.takeWriteFailure();
      if (fail == 429) {
        throw ApiException.of(429, "TooManyRequests", "Too many requests, please try again later.");
      } else if (fail == 503) {
        throw ApiException.of(
            503, "ServiceUnavailable", "the server is currently unable to handle" + " the request");
      } else if (fail != 0) {
        throw ApiException.of(
            500, "InternalError", "Internal error occurred: injected write failure");
      }
    }
    return resources.handle(ctx, req, p, route.verb, code);
  }

  /** metrics.k8s.io, served from the kubelets' resource metrics rather than from the store. */
  private Response metrics(ApiRequest req, String path, Route route) {
    route.group = MetricsApi.GROUP;
    route.version = MetricsApi.VERSION;
    String[] what = MetricsApi.attributes(path);
    if (what != null) {
      route.resource = what[0];
      route.namespace = what[1];
      route.name = what[2];
      route.verb = what[3];
      authorize(req, MetricsApi.GROUP, what[0], "", what[1], what[2], what[3]);
    }
    MetricsApi.Answer answer = metrics.handle(req.method, path, req.params);
    return Response.json(answer.code(), answer.body());
  }

  private static boolean isWrite(String verb) {
    return switch (verb) {
      case "create", "update", "patch", "delete", "deletecollection" -> true;
      default -> false;
    };
  }

  private static String verb(ApiRequest req, ApiPath p) {
    boolean item = !p.name().isEmpty();
    return switch (req.method) {
      case "GET", "HEAD" -> item ? "get" : req.flag("watch") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> item ? "delete" : "deletecollection";
      default ->
          throw ApiException.methodNotAllowed(
              "the server does not allow this method on the requested resource");
    };
  }

  private void requireAuthenticated(ApiRequest req) {
    if (req.identity == Identity.ANONYMOUS) {
      throw ApiException.of(401, "Unauthorized", "Unauthorized");
    }
  }

  private void authorize(ApiRequest req, ApiPath p, String verb) {
    authorize(
        req, p.type().group(), p.type().plural(), p.subresource(), p.namespace(), p.name(), verb);
  }

  private void authorize(
      ApiRequest req,
      String group,
      String resource,
      String subresource,
      String namespace,
      String name,
      String verb) {
    if (!enforceAuthorization || req.identity.isAdmin()) {
      return;
    }
    Policy.Decision d =
        policy.policy.decide(
            new Policy.Attributes(
                req.identity.user(),
                req.identity.groups(),
                verb,
                group,
                resource,
                subresource,
                namespace,
                name,
                null));
    if (!d.allowed()) {
      String what = subresource.isEmpty() ? resource : resource + "/" + subresource;
      throw ApiException.of(
          403,
          "Forbidden",
          what
              + (name.isEmpty() ? "" : " \"" + name + "\"")
              + " is forbidden: User \""
              + req.identity.user()
              + "\" cannot "
              + verb
              + " resource \""
              + what
              + "\" in API group \""
              + group
              + "\""
              + (namespace.isEmpty()
                  ? " at the cluster scope"
                  : " in the namespace \"" + namespace + "\""));
    }
  }

  private static ApiException notFound() {
    return ApiException.of(404, "NotFound", "the server could not find the requested resource");
  }
}
