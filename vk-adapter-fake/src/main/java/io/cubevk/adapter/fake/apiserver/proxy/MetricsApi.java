package io.cubevk.adapter.fake.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.proxy.MetricsStorage.Point;
import io.cubevk.adapter.fake.apiserver.proxy.MetricsStorage.Usage;
import io.cubevk.adapter.fake.apiserver.proxy.ResourceMetricsText.ContainerKey;
import io.cubevk.adapter.fake.apiserver.proxy.ResourceMetricsText.ContainerPoint;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.LabelSelector;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code metrics.k8s.io/v1beta1} as metrics-server serves it, so that {@code kubectl top} works
 * against the sandbox: {@code nodes} and {@code pods} (all, per namespace, or one; label selectors
 * on lists), each with its CPU rate and memory from the kubelets' {@code /metrics/resource}.
 *
 * <p>The kubelets are scraped every resolution (15 s by default, metrics-server's), but only while
 * someone asks: the first request starts the scraping, which stops after ten minutes without one (a
 * sandbox or benchmark that never asks costs the kubelets and the cloud nothing). Like
 * metrics-server after it starts, there is no CPU rate until two points exist, so the first answers
 * may be empty ({@code kubectl top}: "metrics not available yet").
 */
public final class MetricsApi {

  private static final Logger log = LoggerFactory.getLogger(MetricsApi.class);

  public static final String GROUP = "metrics.k8s.io";
  public static final String VERSION = "v1beta1";
  private static final String API_VERSION = GROUP + "/" + VERSION;
  private static final String PREFIX = "/apis/" + API_VERSION;
  private static final Duration IDLE_AFTER = Duration.ofMinutes(10);
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(10);

  /** An answer: status code and JSON body. */
  public record Answer(int code, JsonNode body) {}

  private final Store store;
  private final KubeletClient kubelets;
  private final Clock clock;
  private final Duration resolution;
  private final MetricsStorage storage;
  private EventLoopGroup loops; // guarded by this
  private ScheduledFuture<?> scraping; // guarded by this
  private volatile long lastDemand;

  public MetricsApi(Store store, KubeletClient kubelets, Clock clock, Duration resolution) {
    this.store = store;
    this.kubelets = kubelets;
    this.clock = clock;
    this.resolution = resolution;
    this.storage = new MetricsStorage(resolution);
  }

  /** Scrapes on these event loops from the first request on. */
  public synchronized void start(EventLoopGroup group) {
    this.loops = group;
  }

  public synchronized void stop() {
    if (scraping != null) {
      scraping.cancel(false);
      scraping = null;
    }
    loops = null;
  }

  // ------------------------------------------------------------------ discovery

  /** The group's entry in {@code /apis} (and, with kind, {@code /apis/metrics.k8s.io}). */
  public ObjectNode group() {
    ObjectNode g = Json.object();
    g.put("name", GROUP);
    g.putArray("versions").addObject().put("groupVersion", API_VERSION).put("version", VERSION);
    g.putObject("preferredVersion").put("groupVersion", API_VERSION).put("version", VERSION);
    return g;
  }

  /** {@code /apis/metrics.k8s.io/v1beta1}. */
  public ObjectNode resourceList() {
    ObjectNode o = Json.object();
    o.put("kind", "APIResourceList");
    o.put("apiVersion", "v1");
    o.put("groupVersion", API_VERSION);
    ArrayNode resources = o.putArray("resources");
    resource(resources.addObject(), "nodes", "NodeMetrics", false);
    resource(resources.addObject(), "pods", "PodMetrics", true);
    return o;
  }

  private static void resource(ObjectNode r, String name, String kind, boolean namespaced) {
    r.put("name", name);
    r.put("singularName", "");
    r.put("namespaced", namespaced);
    r.put("kind", kind);
    r.putArray("verbs").add("get").add("list");
  }

  // ------------------------------------------------------------------ requests

  /** Whether the path is this API's. */
  public static boolean serves(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
  }

  /**
   * The attributes a request is authorised with: resource, namespace, name and verb.
   *
   * @return null for a path this API does not have
   */
  public static String[] attributes(String path) {
    String[] s = path.substring(PREFIX.length()).split("/");
    // "", nodes[, name] | "", pods | "", namespaces, ns, pods[, name]
    if (s.length >= 2 && s[1].equals("nodes") && s.length <= 3) {
      return new String[] {"nodes", "", s.length == 3 ? s[2] : "", s.length == 3 ? "get" : "list"};
    }
    if (s.length == 2 && s[1].equals("pods")) {
      return new String[] {"pods", "", "", "list"};
    }
    if (s.length >= 4 && s.length <= 5 && s[1].equals("namespaces") && s[3].equals("pods")) {
      return new String[] {"pods", s[2], s.length == 5 ? s[4] : "", s.length == 5 ? "get" : "list"};
    }
    return null;
  }

  /** Answers a request under {@code /apis/metrics.k8s.io/v1beta1}. */
  public Answer handle(String method, String path, Map<String, List<String>> params) {
    if (path.equals(PREFIX)) {
      return new Answer(200, resourceList());
    }
    String[] what = attributes(path);
    if (what == null) {
      return new Answer(
          404,
          ClientSide.statusJson(
              404, "NotFound", "the server could not find the requested resource"));
    }
    if (!method.equals("GET")) {
      return new Answer(
          405,
          ClientSide.statusJson(
              405,
              "MethodNotAllowed",
              "the server does not allow this method on the requested resource"));
    }
    demand();
    LabelSelector selector = LabelSelector.parse(first(params, "labelSelector"));
    String resource = what[0];
    String namespace = what[1];
    String name = what[2];
    if (resource.equals("nodes")) {
      return name.isEmpty() ? new Answer(200, nodeList(selector)) : oneNode(name);
    }
    return name.isEmpty() ? new Answer(200, podList(namespace, selector)) : onePod(namespace, name);
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private ObjectNode nodeList(LabelSelector selector) {
    ObjectNode list = list("NodeMetricsList");
    ArrayNode items = list.putArray("items");
    for (ObjectNode node : store.list(nodes(), "", selector::matchesObject)) {
      nodeMetrics(node).ifPresent(items::add);
    }
    return list;
  }

  private Answer oneNode(String name) {
    return store
        .find(nodes(), "", name)
        .flatMap(this::nodeMetrics)
        .map(n -> new Answer(200, n))
        .orElseGet(() -> notFound("nodemetrics", name));
  }

  private Optional<JsonNode> nodeMetrics(ObjectNode node) {
    String name = node.at("/metadata/name").asText();
    return storage
        .node(name)
        .map(
            usage -> {
              ObjectNode m = item("NodeMetrics", name, "", node);
              timing(m, usage);
              usage(m.putObject("usage"), usage);
              return m;
            });
  }

  private ObjectNode podList(String namespace, LabelSelector selector) {
    ObjectNode list = list("PodMetricsList");
    ArrayNode items = list.putArray("items");
    for (ObjectNode pod : store.list(pods(), namespace, selector::matchesObject)) {
      podMetrics(pod).ifPresent(items::add);
    }
    return list;
  }

  private Answer onePod(String namespace, String name) {
    return store
        .find(pods(), namespace, name)
        .flatMap(this::podMetrics)
        .map(p -> new Answer(200, p))
        .orElseGet(() -> notFound("podmetrics", namespace + "/" + name));
  }

  private Optional<JsonNode> podMetrics(ObjectNode pod) {
    String namespace = pod.at("/metadata/namespace").asText();
    String name = pod.at("/metadata/name").asText();
    return storage
        .pod(namespace, name)
        .map(
            containers -> {
              ObjectNode m = item("PodMetrics", name, namespace, pod);
              // the pod's time is its earliest container's, as metrics-server reports it
              Usage earliest =
                  containers.values().stream()
                      .min((a, b) -> a.time().compareTo(b.time()))
                      .orElseThrow();
              timing(m, earliest);
              ArrayNode array = m.putArray("containers");
              containers.forEach(
                  (container, usage) -> {
                    ObjectNode c = array.addObject();
                    c.put("name", container);
                    usage(c.putObject("usage"), usage);
                  });
              return m;
            });
  }

  private ObjectNode item(String kind, String name, String namespace, ObjectNode object) {
    ObjectNode m = Json.object();
    m.put("kind", kind);
    m.put("apiVersion", API_VERSION);
    ObjectNode meta = m.putObject("metadata");
    meta.put("name", name);
    if (!namespace.isEmpty()) {
      meta.put("namespace", namespace);
    }
    meta.put("creationTimestamp", Json.time(clock.instant()));
    JsonNode labels = object.at("/metadata/labels");
    if (labels.isObject()) {
      meta.set("labels", labels.deepCopy());
    }
    return m;
  }

  private static ObjectNode list(String kind) {
    ObjectNode list = Json.object();
    list.put("kind", kind);
    list.put("apiVersion", API_VERSION);
    list.putObject("metadata");
    return list;
  }

  private static void timing(ObjectNode m, Usage usage) {
    m.put("timestamp", Json.time(usage.time()));
    m.put("window", goDuration(usage.window()));
  }

  private static void usage(ObjectNode u, Usage usage) {
    u.put("cpu", usage.nanoCores() + "n");
    long memory = usage.memoryBytes();
    u.put("memory", memory % 1024 == 0 ? (memory / 1024) + "Ki" : Long.toString(memory));
  }

  /** A duration as Go's {@code time.Duration} prints it ("15s", "1m30s", "1.5s"). */
  static String goDuration(Duration d) {
    long minutes = d.toMinutes();
    Duration rest = d.minusMinutes(minutes);
    String seconds =
        rest.getNano() == 0
            ? Long.toString(rest.getSeconds())
            : java.math.BigDecimal.valueOf(rest.toNanos(), 9).stripTrailingZeros().toPlainString();
    return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
  }

  private Answer notFound(String resource, String name) {
    return new Answer(
        404,
        ClientSide.statusJson(
            404, "NotFound", resource + "." + GROUP + " \"" + name + "\" not found"));
  }

  private ResourceType nodes() {
    return store.resources().require("", "nodes");
  }

  private ResourceType pods() {
    return store.resources().require("", "pods");
  }

  // ------------------------------------------------------------------ scraping

  /** Someone asked: scrape (again) if not scraping. */
  private synchronized void demand() {
    lastDemand = System.nanoTime();
    if (scraping != null || loops == null) {
      return;
    }
    storage.clear();
    scraping =
        loops
            .next()
            .scheduleWithFixedDelay(
                this::scrapeAll, 0, resolution.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void scrapeAll() {
    EventLoopGroup group;
    synchronized (this) {
      if (System.nanoTime() - lastDemand > IDLE_AFTER.toNanos()) {
        if (scraping != null) {
          scraping.cancel(false);
          scraping = null;
        }
        return;
      }
      group = loops;
    }
    if (group == null) {
      return;
    }
    for (ObjectNode node : store.list(nodes(), "", n -> true)) {
      String name = node.at("/metadata/name").asText();
      KubeletEndpoint.of(node)
          .ifPresent(
              endpoint ->
                  kubelets
                      .get(group.next(), endpoint, "/metrics/resource", SCRAPE_TIMEOUT)
                      .whenComplete(
                          (answer, failure) -> {
                            if (failure != null || answer.code() != 200) {
                              log.debug(
                                  "scraping the kubelet of {} at {} failed: {}",
                                  name,
                                  endpoint,
                                  failure != null ? failure.toString() : answer.code());
                              return;
                            }
                            store(name, ResourceMetricsText.parse(answer.body()));
                          }));
    }
  }

  private void store(String node, ResourceMetricsText scrape) {
    ResourceMetricsText.NodePoint n = scrape.node();
    Optional<Point> nodePoint =
        n.cpuSeconds().isPresent() && n.time().isPresent()
            ? Optional.of(
                new Point(null, n.time().get(), n.cpuSeconds().get(), n.memory().orElse(0.0)))
            : Optional.empty();
    Map<ContainerKey, Point> points = new LinkedHashMap<>();
    for (Map.Entry<ContainerKey, ContainerPoint> e : scrape.containers().entrySet()) {
      ContainerPoint c = e.getValue();
      // CPU is what metrics-server needs a point for: no counter, no point.
      if (c.cpuSeconds == null || c.cpuTime == null) {
        continue;
      }
      points.put(
          e.getKey(),
          new Point(
              c.startTime, c.cpuTime, c.cpuSeconds, c.memoryBytes == null ? 0 : c.memoryBytes));
    }
    storage.store(node, nodePoint, points);
  }
}
