package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.auth.Policy;
import io.cubevk.adapter.fake.apiserver.patch.Patches;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.DeleteOptions;
import io.cubevk.adapter.fake.apiserver.store.FieldSelector;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.LabelSelector;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request dispatcher: authenticates, routes non-resource paths (version, health, discovery,
 * OpenAPI) and resource paths (list, watch, get, create, update, patch, delete, subresources),
 * turns every failure into a {@code Status}, applies the fault hooks and records the request.
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
  private final Reviews reviews;
  private final Faults faults;
  private final RequestLog log;
  private final Reviews.PolicyHolder policy;
  private final boolean enforceAuthorization;
  private final Supplier<PodSubresourceHandler> podHandler;
  private final Supplier<String> serverAddress;
  private final int watchQueueLimit;
  private final long bookmarkSeconds;

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
      long bookmarkSeconds) {
    this.store = store;
    this.discovery = new Discovery(store.resources());
    this.openApi = new OpenApi(store.resources());
    this.authenticator = authenticator;
    this.reviews = reviews;
    this.faults = faults;
    this.log = log;
    this.policy = policy;
    this.enforceAuthorization = enforceAuthorization;
    this.podHandler = podHandler;
    this.serverAddress = serverAddress;
    this.watchQueueLimit = watchQueueLimit;
    this.bookmarkSeconds = bookmarkSeconds;
  }

  /**
   * Handles one request; returns the response to write, or null when the request was answered on
   * the channel (watches, pod subresources).
   */
  Response handle(ChannelHandlerContext ctx, ApiRequest req, SSLSession ssl) {
    Route route = new Route();
    route.verb = req.method.toLowerCase(java.util.Locale.ROOT);
    Response resp;
    int[] streamedCode = {0};
    try {
      req.identity = authenticator.authenticate(req, ssl);
      resp = route(ctx, req, route, streamedCode);
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
    int code = resp == null ? streamedCode[0] : resp.code();
    log.record(
        new RecordedRequest(
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
            Duration.between(req.received, Instant.now())));
    return resp;
  }

  static Response status(ApiException e) {
    Map<String, String> headers = e.code() == 429 ? Map.of("Retry-After", "1") : Map.of();
    return new Response(e.code(), "application/json", Json.bytes(e.toStatus()), headers);
  }

  private Response route(ChannelHandlerContext ctx, ApiRequest req, Route route, int[] code) {
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
      return Response.json(200, discovery.groups());
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
    return resource(ctx, req, p, route.verb, code);
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
    if (!enforceAuthorization || req.identity.isAdmin()) {
      return;
    }
    Policy.Decision d =
        policy.policy.decide(
            new Policy.Attributes(
                req.identity.user(),
                req.identity.groups(),
                verb,
                p.type().group(),
                p.type().plural(),
                p.subresource(),
                p.namespace(),
                p.name(),
                null));
    if (!d.allowed()) {
      String what =
          p.subresource().isEmpty() ? p.type().plural() : p.type().plural() + "/" + p.subresource();
      throw ApiException.of(
          403,
          "Forbidden",
          what
              + (p.name().isEmpty() ? "" : " \"" + p.name() + "\"")
              + " is forbidden: User \""
              + req.identity.user()
              + "\" cannot "
              + verb
              + " resource \""
              + what
              + "\" in API group \""
              + p.type().group()
              + "\""
              + (p.namespace().isEmpty()
                  ? " at the cluster scope"
                  : " in the namespace \"" + p.namespace() + "\""));
    }
  }

  private static ApiException notFound() {
    return ApiException.of(404, "NotFound", "the server could not find the requested resource");
  }

  // ------------------------------------------------------------------ resources

  private Response resource(
      ChannelHandlerContext ctx, ApiRequest req, ApiPath p, String verb, int[] code) {
    ResourceType t = p.type();
    String sub = p.subresource();
    if (!t.stored()) {
      if (!verb.equals("create")) {
        throw ApiException.methodNotAllowed(
            "the server does not allow this method on the requested resource ("
                + t.qualifiedName()
                + ")");
      }
      return review(req, t);
    }
    if (sub.equals("log")
        || sub.equals("exec")
        || sub.equals("attach")
        || sub.equals("portforward")
        || sub.equals("proxy")) {
      ObjectNode obj = store.get(t, p.namespace(), p.name());
      PodSubresourceHandler h = podHandler.get();
      code[0] =
          h.handle(
              new PodSubresourceHandler.Request(
                  req.method,
                  req.uri,
                  req.headers,
                  req.body,
                  req.params,
                  t.plural(),
                  p.namespace(),
                  p.name(),
                  sub,
                  obj,
                  req.identity.user()),
              ctx);
      return null;
    }
    boolean eventsV1 = t.storedAs().isPresent();
    Function<JsonNode, JsonNode> view = eventsV1 ? EventsV1::fromCore : Function.identity();
    return switch (verb) {
      case "list" -> list(req, p, view);
      case "watch" -> {
        code[0] = 200;
        watch(ctx, req, p, view);
        yield null;
      }
      case "get" -> get(req, p, view);
      case "create" -> create(req, p, view);
      case "update" -> update(req, p, view);
      case "patch" -> patch(req, p, view);
      case "delete" -> delete(req, p, view);
      case "deletecollection" -> deleteCollection(req, p, view);
      default -> throw ApiException.methodNotAllowed("unsupported verb " + verb);
    };
  }

  private Predicate<JsonNode> filter(ApiRequest req, Function<JsonNode, JsonNode> view) {
    LabelSelector ls = LabelSelector.parse(req.param("labelSelector"));
    FieldSelector fs = FieldSelector.parse(req.param("fieldSelector"));
    if (ls.isEverything() && fs == FieldSelector.everything()) {
      return o -> true;
    }
    return o -> ls.matchesObject(o) && fs.test(view.apply(o));
  }

  private Response list(ApiRequest req, ApiPath p, Function<JsonNode, JsonNode> view) {
    ResourceType t = p.type();
    int limit = parseInt(req.param("limit"), "limit");
    String rvMatch = req.param("resourceVersionMatch");
    String rv = req.param("resourceVersion");
    if ("Exact".equals(rvMatch) && rv != null && parseLong(rv) < store.resourceVersion()) {
      throw ApiException.gone(
          "too old resource version: " + rv + " (this server lists only the latest state)");
    }
    Store.ListResult r =
        store.listShared(t, p.namespace(), filter(req, view), limit, req.param("continue"));
    List<JsonNode> items = r.items().stream().map(view).toList();
    if (req.wantsTable()) {
      return Response.json(
          200,
          Tables.table(
              t,
              items,
              includeObject(req),
              store.clock().instant(),
              true,
              String.valueOf(r.resourceVersion()),
              r.continueToken()));
    }
    ObjectNode list = Json.object();
    list.put("kind", t.kind() + "List");
    list.put("apiVersion", t.apiVersion());
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", String.valueOf(r.resourceVersion()));
    if (r.continueToken() != null) {
      meta.put("continue", r.continueToken());
      meta.put("remainingItemCount", r.remaining());
    }
    ArrayNode arr = list.putArray("items");
    items.forEach(arr::add);
    return Response.json(200, list);
  }

  private void watch(
      ChannelHandlerContext ctx, ApiRequest req, ApiPath p, Function<JsonNode, JsonNode> view) {
    ResourceType t = p.type();
    Predicate<JsonNode> filter = filter(req, view);
    if (!p.name().isEmpty()) {
      String name = p.name();
      Predicate<JsonNode> f = filter;
      filter = o -> Json.name(o).equals(name) && f.test(o);
    }
    Function<StoreEvent, byte[]> encoder;
    if (req.wantsTable()) {
      String include = includeObject(req);
      encoder =
          e ->
              Json.bytes(
                  Tables.table(
                      t,
                      List.of(view.apply(e.object())),
                      include,
                      store.clock().instant(),
                      true,
                      null,
                      null));
    } else if (t.storedAs().isPresent()) {
      encoder = e -> Json.bytes(view.apply(e.object()));
    } else {
      encoder = StoreEvent::objectBytes;
    }
    WatchStream stream = new WatchStream(ctx.channel(), encoder, watchQueueLimit);
    stream.start();
    if (faults.takeGoneWatch()) {
      stream.error(
          WatchStream.statusBytes(
              ApiException.gone(
                  "too old resource version: "
                      + req.param("resourceVersion")
                      + " ("
                      + store.resourceVersion()
                      + ")")));
      return;
    }
    long timeout = parseInt(req.param("timeoutSeconds"), "timeoutSeconds");
    if (timeout <= 0) {
      timeout = 1800;
    }
    try {
      Store.Watch w =
          store.watch(
              t,
              p.namespace(),
              filter,
              req.param("resourceVersion"),
              req.flag("sendInitialEvents"),
              stream);
      stream.attach(w, timeout, req.flag("allowWatchBookmarks") ? bookmarkSeconds : 0, store);
    } catch (ApiException e) {
      stream.error(WatchStream.statusBytes(e));
    }
  }

  private Response get(ApiRequest req, ApiPath p, Function<JsonNode, JsonNode> view) {
    ResourceType t = p.type();
    ObjectNode obj = store.get(t, p.namespace(), p.name());
    if (p.subresource().equals("scale")) {
      return Response.json(200, Reviews.scaleOf(obj));
    }
    JsonNode v = view.apply(obj);
    if (req.wantsTable()) {
      return Response.json(
          200,
          Tables.table(
              t, List.of(v), includeObject(req), store.clock().instant(), true, null, null));
    }
    return Response.json(200, v);
  }

  private ObjectNode body(ApiRequest req, Function<JsonNode, JsonNode> view, ResourceType t) {
    if (req.body.length == 0) {
      throw ApiException.badRequest("the request body is empty");
    }
    String ct = req.contentType();
    if (ProtobufBodies.isProtobuf(ct)) {
      ObjectNode obj = ProtobufBodies.decode(req.body);
      return t.storedAs().isPresent() ? EventsV1.toCore(obj) : obj;
    }
    if (!ct.isEmpty() && !ct.equals("application/json") && !ct.equals("*/*")) {
      throw ApiException.of(
          415,
          "UnsupportedMediaType",
          "the body of the request was in an unknown format ("
              + ct
              + ") - accepted media types include: application/json");
    }
    ObjectNode obj = Json.parseObject(req.body);
    return t.storedAs().isPresent() ? EventsV1.toCore(obj) : obj;
  }

  private Response create(ApiRequest req, ApiPath p, Function<JsonNode, JsonNode> view) {
    ResourceType t = p.type();
    String sub = p.subresource();
    boolean dry = req.dryRun();
    if (sub.equals("binding")) {
      reviews.bind(p.namespace(), p.name(), Json.parseObject(req.body), dry);
      return Response.json(201, success().put("code", 201));
    }
    if (sub.equals("token")) {
      return Response.json(
          201, reviews.tokenRequest(p.namespace(), p.name(), Json.parseObject(req.body)));
    }
    if (!sub.isEmpty() || !p.name().isEmpty()) {
      throw ApiException.methodNotAllowed(
          "the server does not allow this method on the requested resource");
    }
    ObjectNode body = body(req, view, t);
    if (t.plural().equals("certificatesigningrequests")) {
      // As the real server: the requester is whoever created the CSR.
      ObjectNode spec = Json.child(body, "spec");
      spec.put("username", req.identity.user());
      if (!req.identity.uid().isEmpty()) {
        spec.put("uid", req.identity.uid());
      }
      ArrayNode g = spec.putArray("groups");
      req.identity.groups().forEach(g::add);
    }
    ObjectNode created = store.create(t, p.namespace(), body, dry);
    return Response.json(201, view.apply(created));
  }

  private Response update(ApiRequest req, ApiPath p, Function<JsonNode, JsonNode> view) {
    ResourceType t = p.type();
    String sub = p.subresource();
    ObjectNode body = body(req, view, t);
    if (sub.equals("scale")) {
      return scale(p, cur -> body, req.dryRun());
    }
    if (sub.equals("finalize")) {
      return Response.json(
          200,
          store.mutate(
              t,
              "",
              p.name(),
              "",
              cur -> {
                JsonNode f = body.path("spec").get("finalizers");
                ObjectNode spec = Json.child(cur, "spec");
                if (f == null) {
                  spec.remove("finalizers");
                } else {
                  spec.set("finalizers", f);
                }
                Json.meta(cur)
                    .put(
                        "resourceVersion",
                        Json.resourceVersion(body).isEmpty()
                            ? Json.resourceVersion(cur)
                            : Json.resourceVersion(body));
                return cur;
              },
              req.dryRun()));
    }
    if (!sub.isEmpty() && !sub.equals("status") && !sub.equals("approval")) {
      throw ApiException.methodNotAllowed("the server does not allow updates of " + sub);
    }
    ObjectNode updated = store.update(t, p.namespace(), p.name(), body, sub, req.dryRun());
    return Response.json(200, view.apply(updated));
  }

  private Response patch(ApiRequest req, ApiPath p, Function<JsonNode, JsonNode> view) {
    ResourceType t = p.type();
    String sub = p.subresource();
    String ct = req.contentType();
    if (ct.equals(Patches.APPLY_PATCH)
        || !(ct.equals(Patches.JSON_PATCH)
            || ct.equals(Patches.MERGE_PATCH)
            || ct.equals(Patches.STRATEGIC_MERGE_PATCH))) {
      // Answered before parsing the body: apply bodies are YAML.
      Patches.apply(ct, t.kind(), Json.object(), Json.object());
    }
    JsonNode patch = Json.parse(req.body);
    if (sub.equals("scale")) {
      return scale(p, cur -> Patches.apply(ct, "Scale", cur, patch), req.dryRun());
    }
    if (!sub.isEmpty() && !sub.equals("status") && !sub.equals("approval")) {
      throw ApiException.methodNotAllowed("the server does not allow patches of " + sub);
    }
    boolean eventsV1 = t.storedAs().isPresent();
    ObjectNode result =
        store.mutate(
            t,
            p.namespace(),
            p.name(),
            sub,
            cur -> {
              ObjectNode v = eventsV1 ? EventsV1.fromCore(cur) : cur;
              ObjectNode patched = Patches.apply(ct, v.path("kind").asText(t.kind()), v, patch);
              return eventsV1 ? EventsV1.toCore(patched) : patched;
            },
            req.dryRun());
    return Response.json(200, view.apply(result));
  }

  private Response scale(ApiPath p, Function<ObjectNode, ObjectNode> change, boolean dry) {
    ResourceType t = p.type();
    ObjectNode result =
        store.mutate(
            t,
            p.namespace(),
            p.name(),
            "",
            cur -> {
              ObjectNode scale = change.apply(Reviews.scaleOf(cur));
              JsonNode replicas = scale.path("spec").get("replicas");
              if (replicas == null || !replicas.canConvertToInt() || replicas.asInt() < 0) {
                throw ApiException.invalid(
                    t,
                    p.name(),
                    List.of(
                        new ApiException.Cause(
                            "FieldValueInvalid",
                            "Invalid value: " + replicas + ": must be greater than or equal to 0",
                            "spec.replicas")));
              }
              Json.child(cur, "spec").put("replicas", replicas.asInt());
              String rv = Json.resourceVersion(scale);
              Json.meta(cur).put("resourceVersion", rv.isEmpty() ? Json.resourceVersion(cur) : rv);
              return cur;
            },
            dry);
    return Response.json(200, Reviews.scaleOf(result));
  }

  private DeleteOptions deleteOptions(ApiRequest req) {
    String grace = req.param("gracePeriodSeconds");
    DeleteOptions o =
        new DeleteOptions(
            grace == null ? null : Long.valueOf(parseInt(grace, "gracePeriodSeconds")),
            null,
            null,
            req.param("propagationPolicy"),
            req.dryRun());
    if (req.param("orphanDependents") != null && o.propagationPolicy() == null) {
      o = o.withPropagation(req.flag("orphanDependents") ? "Orphan" : "Background");
    }
    if (req.body.length > 0) {
      o = o.withBody(Json.parse(req.body));
    }
    return o;
  }

  private Response delete(ApiRequest req, ApiPath p, Function<JsonNode, JsonNode> view) {
    ResourceType t = p.type();
    if (!p.subresource().isEmpty()) {
      throw ApiException.methodNotAllowed("the server does not allow deleting " + p.subresource());
    }
    Store.DeleteResult r = store.delete(t, p.namespace(), p.name(), deleteOptions(req));
    if (!r.deleted() || returnsObject(t)) {
      return Response.json(200, view.apply(r.object()));
    }
    ObjectNode s = success();
    ObjectNode d = s.putObject("details");
    d.put("name", p.name());
    if (!t.group().isEmpty()) {
      d.put("group", t.group());
    }
    d.put("kind", t.plural());
    d.put("uid", Json.uid(r.object()));
    return Response.json(200, s);
  }

  private static boolean returnsObject(ResourceType t) {
    // The real server's stores return the deleted object for these and a Status for the rest.
    return t.group().isEmpty()
        && (t.plural().equals("pods")
            || t.plural().equals("namespaces")
            || t.plural().equals("services")
            || t.plural().equals("nodes")
            || t.plural().equals("persistentvolumeclaims")
            || t.plural().equals("persistentvolumes"));
  }

  private Response deleteCollection(ApiRequest req, ApiPath p, Function<JsonNode, JsonNode> view) {
    ResourceType t = p.type();
    DeleteOptions opts = deleteOptions(req);
    List<ObjectNode> targets = store.list(t, p.namespace(), filter(req, view));
    ObjectNode list = Json.object();
    list.put("kind", t.kind() + "List");
    list.put("apiVersion", t.apiVersion());
    ArrayNode items = list.putArray("items");
    for (ObjectNode o : targets) {
      try {
        items.add(view.apply(store.delete(t, Json.namespace(o), Json.name(o), opts).object()));
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    list.putObject("metadata").put("resourceVersion", String.valueOf(store.resourceVersion()));
    return Response.json(200, list);
  }

  private Response review(ApiRequest req, ResourceType t) {
    // A SelfSubjectReview says nothing but "who am I"; kubectl sends it as protobuf.
    ObjectNode body =
        t.plural().equals("selfsubjectreviews") ? Json.object() : body(req, Function.identity(), t);
    ObjectNode out =
        switch (t.plural()) {
          case "tokenreviews" -> reviews.tokenReview(body);
          case "subjectaccessreviews" ->
              reviews.subjectAccessReview(body, null, "SubjectAccessReview");
          case "selfsubjectaccessreviews" ->
              reviews.subjectAccessReview(body, req.identity, "SelfSubjectAccessReview");
          case "selfsubjectreviews" -> reviews.selfSubjectReview(req.identity);
          default -> throw ApiException.methodNotAllowed("unsupported review " + t.plural());
        };
    return Response.json(201, out);
  }

  private static String includeObject(ApiRequest req) {
    String v = req.param("includeObject");
    return v == null ? "PartialObjectMetadata" : v;
  }

  private static ObjectNode success() {
    ObjectNode s = Json.object();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Success");
    return s;
  }

  private static long parseLong(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid resourceVersion \"" + v + "\": not a number");
    }
  }

  private static int parseInt(String v, String name) {
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid " + name + " \"" + v + "\": not an integer");
    }
  }
}
