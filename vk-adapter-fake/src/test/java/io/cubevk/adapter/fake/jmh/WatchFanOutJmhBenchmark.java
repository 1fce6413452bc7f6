package io.cubevk.adapter.fake.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Resources;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import io.cubevk.adapter.fake.apiserver.store.WatchSink;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The API server's watch fan-out as a hot path: one pod status write committed to the store and
 * delivered to N pod watchers, each of which then takes the event's JSON as its watch stream would
 * (serialised once, shared by every watcher). With 0 watchers it is the cost of the write alone;
 * the difference per watcher is what fan-out adds. Run with {@code mvn -B -q -o -pl vk-adapter-fake
 * -am -Pjmh test -DskipTests} (docs/benchmarks.md). The end-to-end HTTP figure is {@code
 * apiserver.bench.WatchFanOutBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WatchFanOutJmhBenchmark {

  private static final int PODS = 100;

  @Param({"0", "1", "10", "100"})
  public int watchers;

  private Store store;
  private ResourceType podType;
  private final List<ArrayDeque<StoreEvent>> queues = new ArrayList<>();
  private int next;

  @Setup
  public void setUp() {
    // A small history: the benchmark writes millions of changes and only the watchers read them.
    store = new Store(Resources.standard(), Clock.systemUTC(), 1_000);
    podType = store.resources().require("", "pods");
    ObjectNode ns = Json.object();
    ns.putObject("metadata").put("name", "default");
    store.create(store.resources().require("", "namespaces"), "", ns, false);
    for (int i = 0; i < PODS; i++) {
      ObjectNode pod = Json.object();
      pod.putObject("metadata").put("name", "p" + i).putObject("labels").put("app", "bench");
      ObjectNode spec = pod.putObject("spec");
      spec.put("nodeName", "uk8s-bench001-vk-a1b2c3");
      spec.putArray("containers").addObject().put("name", "nginx").put("image", "nginx:1.27");
      store.create(podType, "default", pod, false);
    }
    for (int w = 0; w < watchers; w++) {
      ArrayDeque<StoreEvent> queue = new ArrayDeque<>();
      queues.add(queue);
      store.watch(
          podType,
          "",
          o -> true,
          String.valueOf(store.resourceVersion()),
          false,
          new WatchSink() {
            @Override
            public boolean offer(String type, StoreEvent e) {
              queue.add(e); // as a watch stream does under the lock: queue only
              return true;
            }

            @Override
            public void ended() {}
          });
    }
  }

  /** One status patch of one pod, fanned out to every watcher and read by each. */
  @Benchmark
  public long statusWriteReachesEveryWatcher() {
    int i = next++ % PODS;
    boolean running = (next / PODS) % 2 == 0;
    store.mutate(
        podType,
        "default",
        "p" + i,
        "status",
        c -> {
          Json.child(c, "status").put("phase", running ? "Running" : "Pending");
          return c;
        },
        false);
    long bytes = 0;
    for (ArrayDeque<StoreEvent> queue : queues) {
      StoreEvent e;
      while ((e = queue.poll()) != null) {
        bytes += e.objectBytes().length; // the stream's write: serialised once for all
      }
    }
    return bytes;
  }
}
