package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.Api.Response;
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
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The resource verbs behind {@link Api}: list, watch (handing the channel to a {@link
 * WatchStream}), get, create, update, patch, delete and deletecollection, the subresources (status,
 * scale, binding, token, approval, finalize, and the kubelet ones through the {@link
 * PodSubresourceHandler}), the reviews, Tables, and the events.k8s.io view of core Events.
 */
final class ResourceApi {
  private final Store store;
  private final Reviews reviews;
  private final Faults faults;
  private final Supplier<PodSubresourceHandler> podHandler;
  private final int watchQueueLimit;
  private final long bookmarkSeconds;

  ResourceApi(
      Store store,
      Reviews reviews,
      Faults faults,
      Supplier<PodSubresourceHandler> podHandler,
      int watchQueueLimit,
      long bookmarkSeconds) {
    this.store = store;
    this.reviews = reviews;
    this.faults = faults;
    this.podHandler = podHandler;
    this.watchQueueLimit = watchQueueLimit;
    this.bookmarkSeconds = bookmarkSeconds;
  }

  /** Answers a resource request; null when it was answered on the channel. */
  Response handle(
      ChannelHandlerContext ctx, ApiRequest req, ApiPath p, String verb, Api.Streamed code) {
    return resource(ctx, req, p, verb, code);
  }

  private Response resource(
      ChannelHandlerContext ctx, ApiRequest req, ApiPath p, String verb, Api.Streamed code) {
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
      code.code =
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
        code.code = java.util.concurrent.CompletableFuture.completedFuture(200);
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
    // The real server's stores return the deleted object for these (ReturnDeletedObject, which
    // is why client-java's delete of a ServiceAccount or StorageClass reads the object) and a
    // Status for the rest.
    if (t.group().equals("storage.k8s.io")) {
      return t.plural().equals("storageclasses");
    }
    return t.group().isEmpty()
        && (t.plural().equals("pods")
            || t.plural().equals("namespaces")
            || t.plural().equals("services")
            || t.plural().equals("serviceaccounts")
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
