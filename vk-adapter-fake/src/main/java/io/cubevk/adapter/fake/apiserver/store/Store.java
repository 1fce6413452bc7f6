package io.cubevk.adapter.fake.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.AdmissionPlugin.Operation;
import io.cubevk.adapter.fake.apiserver.store.ApiException.Cause;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The object store: every object as a Jackson tree, one resourceVersion counter for all of them, a
 * bounded history of changes for watches, and the write semantics of the real API server (uid,
 * creationTimestamp, generateName, generation, optimistic concurrency, finalizers, graceful
 * deletion of bound pods, preconditions).
 *
 * <p>Writes are serialised by one lock, and watchers and listeners are told of a change while it is
 * held, so every watcher sees changes in resourceVersion order with no gap between its initial
 * state and its first event. Watchers only queue under the lock (see {@link WatchSink}); a slow
 * watcher never slows a writer. Stored trees are never modified after they are stored: readers
 * outside this class get copies, except through {@link StoreEvent} and {@link #listShared}.
 */
public final class Store {

  /** A page of a list. */
  public record ListResult(
      List<ObjectNode> items, long resourceVersion, String continueToken, long remaining) {}

  /** The outcome of a delete: the object as last stored, and whether it is gone. */
  public record DeleteResult(ObjectNode object, boolean deleted) {}

  private record Stored(ObjectNode object, long rv) {}

  private final Resources resources;
  private final Clock clock;
  private final int historyLimit;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, NavigableMap<String, Stored>> data = new ConcurrentHashMap<>();
  private final ArrayDeque<StoreEvent> history = new ArrayDeque<>();
  private final Map<String, CopyOnWriteArrayList<Registration>> watchers =
      new ConcurrentHashMap<>();
  private final List<Consumer<StoreEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<AdmissionPlugin> admission = new CopyOnWriteArrayList<>();
  private final List<Consumer<ObjectNode>> createHooks = new CopyOnWriteArrayList<>();
  private long rv = 1;
  private long compactedRv = 1;

  /**
   * A store.
   *
   * @param resources the resources it holds
   * @param clock the clock for timestamps
   * @param historyLimit how many changes are kept for watches; older versions get 410
   */
  public Store(Resources resources, Clock clock, int historyLimit) {
    this.resources = resources;
    this.clock = clock;
    this.historyLimit = historyLimit;
  }

  /** The resources this store holds. */
  public Resources resources() {
    return resources;
  }

  /** The clock the store stamps objects with. */
  public Clock clock() {
    return clock;
  }

  /** The current resourceVersion. */
  public long resourceVersion() {
    lock.lock();
    try {
      return rv;
    } finally {
      lock.unlock();
    }
  }

  /** Adds an admission step run on every create and update. */
  public void addAdmission(AdmissionPlugin plugin) {
    admission.add(plugin);
  }

  /**
   * Adds a hook run after an object was created, on the creating thread and without the lock held
   * (so it may write): the namespace bootstrap uses it so that a namespace's default ServiceAccount
   * exists by the time its creator hears back.
   */
  public void addCreateHook(Consumer<ObjectNode> hook) {
    createHooks.add(hook);
  }

  /**
   * Adds a listener told of every committed change, in order, with the write lock held: it must
   * only queue work (controllers do).
   */
  public void addListener(Consumer<StoreEvent> listener) {
    listeners.add(listener);
  }

  /** The stored resource behind {@code type} (core events for events.k8s.io events). */
  public ResourceType storageOf(ResourceType type) {
    if (type.storedAs().isEmpty()) {
      return type;
    }
    String[] gp = type.storedAs().get().split("/", 2);
    return resources.require(gp[0], gp[1]);
  }

  // ---------------------------------------------------------------- reads

  /** A copy of the object, or 404. */
  public ObjectNode get(ResourceType type, String namespace, String name) {
    return find(type, namespace, name).orElseThrow(() -> ApiException.notFound(type, name));
  }

  /** A copy of the object if it exists. */
  public Optional<ObjectNode> find(ResourceType type, String namespace, String name) {
    Stored s = bucket(storageOf(type)).get(key(type, namespace, name));
    return s == null ? Optional.empty() : Optional.of(s.object().deepCopy());
  }

  /** Copies of the matching objects in key order; {@code namespace} null or "" for all. */
  public List<ObjectNode> list(ResourceType type, String namespace, Predicate<JsonNode> filter) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode o : listShared(type, namespace, filter, 0, null).items()) {
      out.add(o.deepCopy());
    }
    return out;
  }

  /**
   * The matching objects as stored (read-only, never modify them), a page at a time.
   *
   * @param limit page size, 0 for all
   * @param continueToken the token of the previous page, or null
   */
  public ListResult listShared(
      ResourceType type,
      String namespace,
      Predicate<JsonNode> filter,
      int limit,
      String continueToken) {
    ResourceType st = storageOf(type);
    String start = continueToken == null ? null : decodeContinue(continueToken);
    List<Stored> snapshot;
    long at;
    lock.lock();
    try {
      NavigableMap<String, Stored> b = bucket(st);
      NavigableMap<String, Stored> view = b;
      if (namespace != null && !namespace.isEmpty() && st.namespaced()) {
        view = b.subMap(namespace + "/", true, namespace + "/\uffff", false);
      }
      if (start != null) {
        view = view.tailMap(start, false);
      }
      snapshot = new ArrayList<>(view.values());
      at = rv;
    } finally {
      lock.unlock();
    }
    List<ObjectNode> items = new ArrayList<>();
    String lastKey = null;
    int i = 0;
    for (; i < snapshot.size(); i++) {
      ObjectNode o = snapshot.get(i).object();
      if (filter != null && !filter.test(o)) {
        continue;
      }
      if (limit > 0 && items.size() == limit) {
        break;
      }
      items.add(o);
      lastKey = key(st, Json.namespace(o), Json.name(o));
    }
    String token = null;
    long remaining = 0;
    if (i < snapshot.size()) {
      token = encodeContinue(lastKey, at);
      for (int j = i; j < snapshot.size(); j++) {
        if (filter == null || filter.test(snapshot.get(j).object())) {
          remaining++;
        }
      }
      if (remaining == 0) {
        token = null;
      }
    }
    return new ListResult(items, at, token, remaining);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Creates an object: names it (generateName), stamps uid, creationTimestamp, resourceVersion and
   * generation, runs defaulting and admission, and refuses duplicates (409).
   *
   * @return a copy of the stored object
   */
  public ObjectNode create(ResourceType type, String namespace, ObjectNode body, boolean dryRun) {
    ResourceType st = storageOf(type);
    ObjectNode obj = body.deepCopy();
    ObjectNode meta = Json.meta(obj);
    checkKind(st, obj);
    obj.put("apiVersion", st.apiVersion());
    obj.put("kind", st.kind());
    String ns = namespaceFor(st, namespace, meta);
    ObjectNode created;
    lock.lock();
    try {
      if (st.namespaced()) {
        requireNamespace(st, ns, Json.name(obj));
      }
      String name = meta.path("name").asText("");
      if (name.isEmpty()) {
        String gen = meta.path("generateName").asText("");
        if (gen.isEmpty()) {
          throw ApiException.invalid(
              st,
              "",
              List.of(
                  new Cause(
                      "FieldValueRequired", "name or generateName is required", "metadata.name")));
        }
        do {
          name = truncate(gen, 58) + Json.randomSuffix(5);
        } while (bucket(st).containsKey(key(st, ns, name)));
        meta.put("name", name);
      }
      Validation.checkName(st, name);
      if (bucket(st).containsKey(key(st, ns, name))) {
        throw ApiException.alreadyExists(st, name);
      }
      Instant now = clock.instant();
      meta.put("uid", UUID.randomUUID().toString());
      meta.put("creationTimestamp", Json.time(now));
      meta.remove("deletionTimestamp");
      meta.remove("deletionGracePeriodSeconds");
      meta.remove("managedFields");
      meta.remove("selfLink");
      if (st.tracksGeneration()) {
        meta.put("generation", 1);
      } else {
        meta.remove("generation");
      }
      if (st.statusSubresource() && !st.plural().equals("nodes")) {
        // As on the real server, except for nodes, whose kubelets register with a status.
        obj.remove("status");
      }
      Defaults.onCreate(st, obj, this);
      for (AdmissionPlugin p : admission) {
        p.admit(Operation.CREATE, st, "", obj, null, this);
      }
      Validation.validate(st, obj, null);
      if (dryRun) {
        meta.put("resourceVersion", String.valueOf(rv));
        return obj;
      }
      commitPut(st, obj, null);
      created = obj.deepCopy();
    } finally {
      lock.unlock();
    }
    for (Consumer<ObjectNode> hook : createHooks) {
      hook.accept(created.deepCopy());
    }
    return created;
  }

  /**
   * Replaces an object (PUT), or its status when {@code subresource} is "status". A body with a
   * resourceVersion other than the stored one is refused with 409.
   */
  public ObjectNode update(
      ResourceType type,
      String namespace,
      String name,
      ObjectNode body,
      String subresource,
      boolean dryRun) {
    ResourceType st = storageOf(type);
    checkKind(st, body);
    String bodyName = body.path("metadata").path("name").asText("");
    if (!bodyName.isEmpty() && !bodyName.equals(name)) {
      throw ApiException.badRequest(
          "the name of the object ("
              + bodyName
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
    String bodyNs = body.path("metadata").path("namespace").asText("");
    if (st.namespaced() && !bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    return mutate(type, namespace, name, subresource, current -> body.deepCopy(), dryRun);
  }

  /**
   * Changes an object with a function of its current state, under the write lock (patches and
   * controllers use this). If the function's result carries a resourceVersion, it must be the
   * stored one (409 otherwise); without one the change is unconditional.
   *
   * @param subresource "" for the object, "status" to change only the status
   * @param change receives a copy of the stored object, returns the desired object
   * @return a copy of the stored result
   */
  public ObjectNode mutate(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      UnaryOperator<ObjectNode> change,
      boolean dryRun) {
    ResourceType st = storageOf(type);
    String ns = st.namespaced() ? namespace : "";
    lock.lock();
    try {
      Stored cur = bucket(st).get(key(st, ns, name));
      if (cur == null) {
        throw ApiException.notFound(st, name);
      }
      ObjectNode old = cur.object();
      ObjectNode desired = change.apply(old.deepCopy());
      String wantRv = Json.resourceVersion(desired);
      if (!wantRv.isEmpty() && !wantRv.equals(String.valueOf(cur.rv()))) {
        throw ApiException.conflict(st, name, ApiException.MODIFIED);
      }
      ObjectNode next = merge(st, subresource, old, desired);
      Defaults.onUpdate(st, next, old);
      for (AdmissionPlugin p : admission) {
        p.admit(Operation.UPDATE, st, subresource, next, old, this);
      }
      if (!subresource.equals("status")) {
        // A binding is the one write that may set a pod's nodeName; status writes cannot change
        // what is validated here.
        Validation.validate(st, next, subresource.equals("binding") ? null : old);
      }
      // merge() kept the stored resourceVersion, so an unchanged object compares equal.
      if (next.equals(old)) {
        return old.deepCopy();
      }
      if (dryRun) {
        return next;
      }
      ObjectNode meta = Json.meta(next);
      if (meta.has("deletionTimestamp")
          && finalizers(next).isEmpty()
          && !st.plural().equals("pods")) {
        commitDelete(st, next);
        return next.deepCopy();
      }
      if (st.plural().equals("pods")
          && meta.has("deletionTimestamp")
          && finalizers(next).isEmpty()
          && meta.path("deletionGracePeriodSeconds").asLong(1) == 0) {
        commitDelete(st, next);
        return next.deepCopy();
      }
      commitPut(st, next, old);
      return next.deepCopy();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Deletes an object as the real server does: preconditions checked (409); a pod bound to a node
   * with a grace period, or an object with finalizers, gets a deletionTimestamp and stays; anything
   * else goes at once.
   */
  public DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions opts) {
    ResourceType st = storageOf(type);
    String ns = st.namespaced() ? namespace : "";
    lock.lock();
    try {
      Stored cur = bucket(st).get(key(st, ns, name));
      if (cur == null) {
        throw ApiException.notFound(st, name);
      }
      ObjectNode old = cur.object();
      if (opts.preconditionUid() != null && !opts.preconditionUid().equals(Json.uid(old))) {
        throw ApiException.conflict(
            st,
            name,
            "Precondition failed: UID in precondition: "
                + opts.preconditionUid()
                + ", UID in object meta: "
                + Json.uid(old));
      }
      if (opts.preconditionResourceVersion() != null
          && !opts.preconditionResourceVersion().equals(String.valueOf(cur.rv()))) {
        throw ApiException.conflict(
            st,
            name,
            "Precondition failed: ResourceVersion in precondition: "
                + opts.preconditionResourceVersion()
                + ", ResourceVersion in object meta: "
                + cur.rv());
      }
      long grace = gracePeriod(st, old, opts);
      ObjectNode next = withRv(old, cur.rv());
      ObjectNode meta = Json.meta(next);
      String policy = opts.propagationPolicy();
      if ("Foreground".equals(policy)) {
        addFinalizer(next, "foregroundDeletion");
      } else if ("Orphan".equals(policy)) {
        addFinalizer(next, "orphan");
      }
      boolean hasFinalizers = !finalizers(next).isEmpty();
      if (grace == 0 && !hasFinalizers) {
        if (opts.dryRun()) {
          return new DeleteResult(next, true);
        }
        commitDelete(st, next);
        return new DeleteResult(next.deepCopy(), true);
      }
      Instant now = clock.instant();
      Instant existing = Json.parseTime(meta.get("deletionTimestamp"));
      Instant wanted = now.plusSeconds(grace);
      if (existing == null || wanted.isBefore(existing)) {
        meta.put("deletionTimestamp", Json.time(wanted));
        meta.put("deletionGracePeriodSeconds", grace);
      }
      if (st.plural().equals("namespaces") && st.group().isEmpty()) {
        Json.child(next, "status").put("phase", "Terminating");
      }
      if (next.equals(withRv(old, cur.rv())) || opts.dryRun()) {
        return new DeleteResult(next, false);
      }
      commitPut(st, next, old);
      return new DeleteResult(next.deepCopy(), false);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- watches

  /** A registered watch; close it to stop delivery. */
  public interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Starts a watch. With {@code fromResourceVersion} null, "" or "0" (or {@code sendInitial}), the
   * current matching objects are first delivered as ADDED; otherwise every retained change after
   * that version is replayed, or a 410 {@link ApiException} is thrown when it is older than the
   * history window.
   *
   * @param type the resource (events.k8s.io events watch the core storage)
   * @param namespace null or "" for all namespaces
   * @param filter which objects this watcher sees
   */
  public Watch watch(
      ResourceType type,
      String namespace,
      Predicate<JsonNode> filter,
      String fromResourceVersion,
      boolean sendInitial,
      WatchSink sink) {
    ResourceType st = storageOf(type);
    Registration reg = new Registration(st, namespace, filter, sink);
    lock.lock();
    try {
      boolean initial =
          sendInitial
              || fromResourceVersion == null
              || fromResourceVersion.isEmpty()
              || fromResourceVersion.equals("0");
      if (initial) {
        NavigableMap<String, Stored> b = bucket(st);
        for (Stored s : b.values()) {
          if (reg.inNamespace(s.object()) && filter.test(s.object())) {
            sink.offer("ADDED", new StoreEvent("ADDED", st, s.object(), null, s.rv()));
          }
        }
      } else {
        long from = parseRv(fromResourceVersion);
        if (from < compactedRv) {
          throw ApiException.gone("too old resource version: " + from + " (" + compactedRv + ")");
        }
        for (StoreEvent e : history) {
          if (e.resourceVersion() > from && e.resource() == st) {
            reg.deliver(e);
          }
        }
      }
      if (sendInitial) {
        // The watch-list protocol: a bookmark marks the end of the initial state.
        sink.offer("BOOKMARK", bookmarkEvent(st, Map.of("k8s.io/initial-events-end", "true")));
      }
      watchers.computeIfAbsent(st.storageKey(), k -> new CopyOnWriteArrayList<>()).add(reg);
    } finally {
      lock.unlock();
    }
    return reg;
  }

  /** Sends a BOOKMARK at the current resourceVersion through the watch's queue. */
  public void bookmark(Watch watch) {
    Registration r = (Registration) watch;
    lock.lock();
    try {
      if (!r.closed) {
        r.sink.offer("BOOKMARK", bookmarkEvent(r.type, Map.of()));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends every watch (the fault hook "drop all watches", and restarts). */
  public void endAllWatches() {
    lock.lock();
    try {
      for (CopyOnWriteArrayList<Registration> regs : watchers.values()) {
        for (Registration r : regs) {
          remove(r, true);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The number of open watches, for tests and the benchmark. */
  public int watchCount() {
    return watchers.values().stream().mapToInt(List::size).sum();
  }

  /**
   * Forgets the change history, as etcd compaction does: any watch from an older resourceVersion
   * then gets 410 Gone and its informer relists.
   */
  public void compact() {
    lock.lock();
    try {
      history.clear();
      compactedRv = rv;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- internals

  private StoreEvent bookmarkEvent(ResourceType st, Map<String, String> annotations) {
    ObjectNode o = Json.object();
    o.put("kind", st.kind());
    o.put("apiVersion", st.apiVersion());
    ObjectNode meta = o.putObject("metadata");
    meta.put("resourceVersion", String.valueOf(rv));
    if (annotations != null && !annotations.isEmpty()) {
      ObjectNode a = meta.putObject("annotations");
      annotations.forEach(a::put);
    }
    return new StoreEvent("BOOKMARK", st, o, null, rv);
  }

  private void remove(Registration reg, boolean notify) {
    CopyOnWriteArrayList<Registration> regs = watchers.get(reg.type.storageKey());
    if (regs != null && regs.remove(reg) && notify) {
      reg.sink.ended();
    }
    reg.closed = true;
  }

  private void commitPut(ResourceType st, ObjectNode obj, ObjectNode old) {
    long next = ++rv;
    Json.meta(obj).put("resourceVersion", String.valueOf(next));
    String k = key(st, Json.namespace(obj), Json.name(obj));
    bucket(st).put(k, new Stored(obj, next));
    publish(new StoreEvent(old == null ? "ADDED" : "MODIFIED", st, obj, old, next));
    // The caller returns copies; this tree is now shared and must not change.
  }

  private void commitDelete(ResourceType st, ObjectNode obj) {
    long next = ++rv;
    ObjectNode gone = obj.deepCopy();
    Json.meta(gone).put("resourceVersion", String.valueOf(next));
    String k = key(st, Json.namespace(obj), Json.name(obj));
    Stored prev = bucket(st).remove(k);
    publish(new StoreEvent("DELETED", st, gone, prev == null ? null : prev.object(), next));
    Json.meta(obj).put("resourceVersion", String.valueOf(next));
  }

  private void publish(StoreEvent e) {
    history.addLast(e);
    while (history.size() > historyLimit) {
      compactedRv = history.removeFirst().resourceVersion();
    }
    List<Registration> regs = watchers.get(e.resource().storageKey());
    if (regs != null) {
      for (Registration r : regs) {
        r.deliver(e);
      }
    }
    for (Consumer<StoreEvent> l : listeners) {
      l.accept(e);
    }
  }

  private ObjectNode merge(
      ResourceType st, String subresource, ObjectNode old, ObjectNode desired) {
    ObjectNode next;
    if ("status".equals(subresource)) {
      // A status write changes only the status (and, as on the real server, nothing else).
      next = old.deepCopy();
      JsonNode status = desired.get("status");
      if (status == null) {
        next.remove("status");
      } else {
        next.set("status", status);
      }
    } else {
      next = desired;
      next.put("apiVersion", st.apiVersion());
      next.put("kind", st.kind());
      boolean whole = subresource.equals("approval") || subresource.equals("binding");
      if (st.statusSubresource() && !whole) {
        JsonNode status = old.get("status");
        if (status == null) {
          next.remove("status");
        } else {
          next.set("status", status.deepCopy());
        }
      }
      if (subresource.equals("approval")) {
        // The approval subresource changes only status.conditions.
        ObjectNode merged = old.deepCopy();
        JsonNode conds = desired.path("status").get("conditions");
        if (conds != null) {
          Json.child(merged, "status").set("conditions", conds);
        }
        next = merged;
      }
    }
    ObjectNode meta = Json.meta(next);
    ObjectNode oldMeta = (ObjectNode) old.get("metadata");
    for (String f :
        List.of(
            "uid",
            "creationTimestamp",
            "name",
            "namespace",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation")) {
      JsonNode v = oldMeta.get(f);
      if (v == null) {
        meta.remove(f);
      } else {
        meta.set(f, v);
      }
    }
    meta.remove("managedFields");
    meta.remove("selfLink");
    meta.put("resourceVersion", oldMeta.path("resourceVersion").asText());
    if (st.tracksGeneration() && !specOf(old).equals(specOf(next))) {
      meta.put("generation", oldMeta.path("generation").asLong(1) + 1);
    }
    return next;
  }

  private static ObjectNode specOf(ObjectNode o) {
    ObjectNode c = o.deepCopy();
    c.remove("metadata");
    c.remove("status");
    c.remove("kind");
    c.remove("apiVersion");
    return c;
  }

  private static ObjectNode withRv(ObjectNode o, long rv) {
    ObjectNode c = o.deepCopy();
    Json.meta(c).put("resourceVersion", String.valueOf(rv));
    return c;
  }

  private long gracePeriod(ResourceType st, ObjectNode old, DeleteOptions opts) {
    if (!st.plural().equals("pods") || !st.group().isEmpty()) {
      return 0;
    }
    String node = old.path("spec").path("nodeName").asText("");
    String phase = old.path("status").path("phase").asText("");
    if (node.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
      // As on the real server: nothing runs the pod, so there is nothing to wait for.
      return 0;
    }
    if (opts.gracePeriodSeconds() != null) {
      return Math.max(0, opts.gracePeriodSeconds());
    }
    return old.path("spec").path("terminationGracePeriodSeconds").asLong(30);
  }

  private static List<String> finalizers(ObjectNode o) {
    List<String> out = new ArrayList<>();
    o.path("metadata").path("finalizers").forEach(f -> out.add(f.asText()));
    if (o.path("kind").asText().equals("Namespace")) {
      // A namespace also waits for its spec.finalizers (the namespace controller's "kubernetes").
      o.path("spec").path("finalizers").forEach(f -> out.add(f.asText()));
    }
    return out;
  }

  private static void addFinalizer(ObjectNode o, String f) {
    ObjectNode meta = Json.meta(o);
    JsonNode fs = meta.get("finalizers");
    ArrayNode arr = fs instanceof ArrayNode a ? a : meta.putArray("finalizers");
    for (JsonNode x : arr) {
      if (x.asText().equals(f)) {
        return;
      }
    }
    arr.add(f);
  }

  private void checkKind(ResourceType st, ObjectNode obj) {
    String kind = obj.path("kind").asText("");
    if (!kind.isEmpty() && !kind.equals(st.kind())) {
      throw ApiException.badRequest(
          "the kind of the object ("
              + kind
              + ") does not match the resource "
              + st.qualifiedName()
              + " (kind "
              + st.kind()
              + ")");
    }
  }

  private String namespaceFor(ResourceType st, String namespace, ObjectNode meta) {
    if (!st.namespaced()) {
      meta.remove("namespace");
      return "";
    }
    String bodyNs = meta.path("namespace").asText("");
    String ns = namespace == null || namespace.isEmpty() ? bodyNs : namespace;
    if (ns.isEmpty()) {
      ns = "default";
    }
    if (!bodyNs.isEmpty() && !bodyNs.equals(ns)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    meta.put("namespace", ns);
    return ns;
  }

  private void requireNamespace(ResourceType st, String ns, String name) {
    ResourceType nsType = resources.require("", "namespaces");
    Stored n = bucket(nsType).get(ns);
    if (n == null) {
      throw ApiException.notFound(nsType, ns);
    }
    if (n.object().path("metadata").has("deletionTimestamp")) {
      throw ApiException.forbidden(
          st,
          name,
          "unable to create new content in namespace " + ns + " because it is being terminated");
    }
  }

  private NavigableMap<String, Stored> bucket(ResourceType st) {
    return data.computeIfAbsent(
        st.storageKey(), k -> Collections.synchronizedNavigableMap(new TreeMap<>()));
  }

  private static String key(ResourceType st, String namespace, String name) {
    return st.namespaced() ? (namespace == null ? "" : namespace) + "/" + name : name;
  }

  private static String truncate(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }

  private static long parseRv(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid resourceVersion \"" + s + "\": not a number");
    }
  }

  private static String encodeContinue(String lastKey, long at) {
    ObjectNode t = Json.object();
    t.put("v", "meta.k8s.io/v1");
    t.put("rv", at);
    t.put("start", lastKey);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(t));
  }

  private static String decodeContinue(String token) {
    try {
      JsonNode t = Json.parse(Base64.getUrlDecoder().decode(token));
      String start = t.path("start").asText(null);
      if (start == null) {
        throw new IllegalArgumentException("no start key");
      }
      return start;
    } catch (RuntimeException e) {
      throw ApiException.badRequest("invalid continue token: " + e.getMessage());
    }
  }

  /** A watcher's registration: its scope and filter, and the selector-transition rule. */
  private final class Registration implements Watch {
    final ResourceType type;
    final String namespace;
    final Predicate<JsonNode> filter;
    final WatchSink sink;
    volatile boolean closed;

    Registration(ResourceType type, String namespace, Predicate<JsonNode> filter, WatchSink sink) {
      this.type = type;
      this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
      this.filter = filter;
      this.sink = sink;
    }

    @Override
    public void close() {
      remove(this, false);
    }

    boolean inNamespace(JsonNode o) {
      return namespace == null || namespace.equals(Json.namespace(o));
    }

    void deliver(StoreEvent e) {
      if (closed || !inNamespace(e.object())) {
        return;
      }
      boolean now = filter.test(e.object());
      String type;
      if (e.type().equals("MODIFIED")) {
        boolean before = e.previous() != null && filter.test(e.previous());
        if (now && before) {
          type = "MODIFIED";
        } else if (now) {
          type = "ADDED";
        } else if (before) {
          type = "DELETED";
        } else {
          return;
        }
      } else if (e.type().equals("DELETED")) {
        boolean before = e.previous() == null ? now : filter.test(e.previous());
        if (!before && !now) {
          return;
        }
        type = "DELETED";
      } else {
        if (!now) {
          return;
        }
        type = e.type();
      }
      if (!sink.offer(type, e)) {
        remove(this, true);
      }
    }
  }
}
