package io.cubevk.adapter.fake.apiserver.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Resources;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import io.cubevk.adapter.fake.apiserver.store.WatchSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Creates + status patches of N pods through the HTTP API while W watchers follow every pod change,
 * compared in the same run with the same load and no watcher. Reports write throughput, how long
 * after the last write every watcher had every event, and the delay from sending a status patch to
 * each watcher seeing it. A main program, not a test:
 *
 * <pre>
 * WatchFanOutBenchmark [pods=1600] [watchers=10] [writers=4]
 * </pre>
 */
public final class WatchFanOutBenchmark {

  record Result(
      int pods,
      int watchers,
      double writeSeconds,
      double writesPerSecond,
      double drainMillis,
      double p50Millis,
      double p99Millis,
      double maxMillis) {}

  private WatchFanOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 1600;
    int watchers = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int writers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    // Warm-up, the same work once unmeasured: the first run is JIT compilation more than anything.
    run(pods, watchers, writers);
    run(pods, 0, writers);
    Result baseline = run(pods, 0, writers);
    Result fanOut = run(pods, watchers, writers);
    System.out.println(
        "| watchers | pods | writes | write time (s) | writes/s | all events seen "
            + "after last write (ms) | patch→watcher p50 (ms) | p99 (ms) | max (ms) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (Result r : List.of(baseline, fanOut)) {
      System.out.printf(
          "| %d | %d | %d | %.2f | %.0f | %s | %s | %s | %s |%n",
          r.watchers(),
          r.pods(),
          r.pods() * 2,
          r.writeSeconds(),
          r.writesPerSecond(),
          r.watchers() == 0 ? "–" : String.format("%.0f", r.drainMillis()),
          r.watchers() == 0 ? "–" : String.format("%.1f", r.p50Millis()),
          r.watchers() == 0 ? "–" : String.format("%.1f", r.p99Millis()),
          r.watchers() == 0 ? "–" : String.format("%.1f", r.maxMillis()));
    }
    System.out.printf(
        "throughput with %d watchers / without: %.2f%n",
        watchers, fanOut.writesPerSecond() / baseline.writesPerSecond());
    storeOnly(pods, watchers); // warm-up
    double bare = storeOnly(pods, 0);
    double watched = storeOnly(pods, watchers);
    System.out.printf(
        "store only (no HTTP): %.0f writes/s without watchers, %.0f writes/s with %d in-process"
            + " watchers (ratio %.2f)%n",
        bare, watched, watchers, watched / bare);
  }

  /** Creates and status writes straight into the store, with queue-only in-process watchers. */
  static double storeOnly(int pods, int watchers) {
    Store store = new Store(Resources.standard(), Clock.systemUTC(), 200_000);
    ResourceType podType = store.resources().require("", "pods");
    ObjectNode ns = Json.object();
    ns.putObject("metadata").put("name", "default");
    store.create(store.resources().require("", "namespaces"), "", ns, false);
    AtomicInteger seen = new AtomicInteger();
    for (int w = 0; w < watchers; w++) {
      store.watch(
          podType,
          "",
          o -> true,
          String.valueOf(store.resourceVersion()),
          false,
          new WatchSink() {
            @Override
            public boolean offer(String type, StoreEvent e) {
              // A watch stream only queues here; it serialises on its event loop, off the lock.
              seen.incrementAndGet();
              return true;
            }

            @Override
            public void ended() {}
          });
    }
    long start = System.nanoTime();
    for (int i = 0; i < pods; i++) {
      ObjectNode pod = Json.object();
      pod.putObject("metadata").put("name", "p" + i);
      ObjectNode spec = pod.putObject("spec");
      spec.put("nodeName", "vk");
      spec.putArray("containers").addObject().put("name", "c").put("image", "nginx");
      store.create(podType, "default", pod, false);
    }
    for (int i = 0; i < pods; i++) {
      store.mutate(
          podType,
          "default",
          "p" + i,
          "status",
          c -> {
            Json.child(c, "status").put("phase", "Running");
            return c;
          },
          false);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (seen.get() != watchers * pods * 2) {
      throw new IllegalStateException("watchers saw " + seen + " events");
    }
    return pods * 2 / seconds;
  }

  static Result run(int pods, int watchers, int writers) throws Exception {
    int handlerThreads = Integer.getInteger("apiserver.bench.workerThreads", 4);
    try (KubeApiServer server =
        KubeApiServer.builder().https(false).workerThreads(handlerThreads).start()) {
      String base = server.url();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      // Writes go through OkHttp, the client under client-java, as the engine's writes do.
      OkHttpClient writer =
          new OkHttpClient.Builder()
              .connectionPool(new ConnectionPool(writers, 1, TimeUnit.MINUTES))
              .build();
      String rv = rv(http, base);
      Map<String, Long> patchSent = new ConcurrentHashMap<>();
      List<Long> delays = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch allSeen = new CountDownLatch(watchers);
      List<AtomicInteger> counts = new ArrayList<>();
      long[] lastSeen = new long[1];
      ExecutorService readers =
          Executors.newFixedThreadPool(
              Math.max(1, watchers),
              r -> {
                Thread t = new Thread(r, "watcher");
                t.setDaemon(true);
                return t;
              });
      for (int w = 0; w < watchers; w++) {
        AtomicInteger count = new AtomicInteger();
        counts.add(count);
        http.sendAsync(
                HttpRequest.newBuilder(
                        URI.create(
                            base
                                + "/api/v1/pods?watch=true&resourceVersion="
                                + rv
                                + "&timeoutSeconds=600"))
                    .build(),
                HttpResponse.BodyHandlers.ofLines())
            // Each watcher reads its stream on its own thread, never on the caller's.
            .thenAcceptAsync(
                resp ->
                    resp.body()
                        .forEach(
                            line -> {
                              if (line.startsWith("{\"type\":\"MODIFIED\"")) {
                                int at = line.indexOf("\"name\":\"") + 8;
                                String name = line.substring(at, line.indexOf('"', at));
                                Long sent = patchSent.get(name);
                                if (sent != null) {
                                  delays.add(System.nanoTime() - sent);
                                }
                              }
                              if (count.incrementAndGet() == pods * 2) {
                                synchronized (lastSeen) {
                                  lastSeen[0] = Math.max(lastSeen[0], System.nanoTime());
                                }
                                allSeen.countDown();
                              }
                            }),
                readers);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (server.store().watchCount() < watchers && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      long start = System.nanoTime();
      List<Future<?>> jobs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int first = w;
        jobs.add(
            pool.submit(
                () -> {
                  for (int i = first; i < pods; i += writers) {
                    String name = "bench-" + i;
                    write(
                        writer,
                        "POST",
                        base + "/api/v1/namespaces/default/pods",
                        "application/json",
                        "{\"metadata\":{\"name\":\""
                            + name
                            + "\",\"labels\":{\"app\":\"bench\"}},\"spec\":{\"nodeName\":\"vk-"
                            + (i % 8)
                            + "\",\"automountServiceAccountToken\":false,\"containers\":"
                            + "[{\"name\":\"c\",\"image\":\"nginx:1.27\"}]}}",
                        201);
                  }
                  for (int i = first; i < pods; i += writers) {
                    String name = "bench-" + i;
                    patchSent.put(name, System.nanoTime());
                    write(
                        writer,
                        "PATCH",
                        base + "/api/v1/namespaces/default/pods/" + name + "/status",
                        "application/merge-patch+json",
                        "{\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0.0.1\"}}",
                        200);
                  }
                  return null;
                }));
      }
      for (Future<?> j : jobs) {
        j.get();
      }
      long end = System.nanoTime();
      pool.shutdown();
      readers.shutdown();
      if (!allSeen.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("watchers saw " + counts + " of " + pods * 2 + " events");
      }
      double seconds = (end - start) / 1e9;
      List<Long> sorted;
      synchronized (delays) {
        sorted = new ArrayList<>(delays);
      }
      Collections.sort(sorted);
      return new Result(
          pods,
          watchers,
          seconds,
          pods * 2 / seconds,
          watchers == 0 ? 0 : Math.max(0, (lastSeen[0] - end) / 1e6),
          pct(sorted, 0.50),
          pct(sorted, 0.99),
          sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
    }
  }

  private static double pct(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6;
  }

  private static String rv(HttpClient http, String base) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/pods")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    int at = body.indexOf("\"resourceVersion\":\"") + 19;
    return body.substring(at, body.indexOf('"', at));
  }

  private static void write(
      OkHttpClient client, String method, String url, String type, String body, int expected)
      throws Exception {
    Request req =
        new Request.Builder()
            .url(url)
            .method(method, RequestBody.create(body, MediaType.get(type)))
            .build();
    try (Response r = client.newCall(req).execute()) {
      if (r.code() != expected) {
        throw new IllegalStateException("HTTP " + r.code() + ": " + r.body().string());
      }
    }
  }
}
