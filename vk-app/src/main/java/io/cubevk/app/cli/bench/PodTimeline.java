package io.cubevk.app.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When each pod of one namespace was bound, reported Running, asked to go and gone, read from the
 * API server's store as the changes commit (a store listener, so no client or watch delay is
 * measured). Times are {@link System#nanoTime()}.
 */
final class PodTimeline {

  /** One pod's moments; 0 means "not yet". Written under the store's write lock only. */
  static final class Moments {
    volatile long bound;
    volatile long running;
    volatile long deleteRequested;
    volatile long gone;
  }

  /** A change of the number of Running pods, for the chart. */
  record Step(long nanos, int delta) {}

  private final String namespace;
  private final Map<String, Moments> pods = new ConcurrentHashMap<>();
  private final AtomicLong running = new AtomicLong();
  private final AtomicLong everRunning = new AtomicLong();
  private final AtomicLong gone = new AtomicLong();
  private final List<Step> steps = new ArrayList<>();

  PodTimeline(String namespace) {
    this.namespace = namespace;
  }

  /** The store listener: runs with the store's lock held, so it only notes times. */
  void onChange(StoreEvent event) {
    if (!event.resource().plural().equals("pods")) {
      return;
    }
    JsonNode pod = event.object();
    JsonNode metadata = pod.path("metadata");
    if (!namespace.equals(metadata.path("namespace").asText())) {
      return;
    }
    long now = System.nanoTime();
    Moments m = pods.computeIfAbsent(metadata.path("name").asText(), n -> new Moments());
    if (event.type().equals("DELETED")) {
      if (m.gone == 0) {
        m.gone = now;
        gone.incrementAndGet();
        if (m.running != 0) {
          running.decrementAndGet();
          step(now, -1);
        }
      }
      return;
    }
    if (m.bound == 0 && !pod.path("spec").path("nodeName").asText().isEmpty()) {
      m.bound = now;
    }
    if (m.running == 0 && "Running".equals(pod.path("status").path("phase").asText())) {
      m.running = now;
      running.incrementAndGet();
      everRunning.incrementAndGet();
      step(now, +1);
    }
    if (m.deleteRequested == 0 && metadata.hasNonNull("deletionTimestamp")) {
      m.deleteRequested = now;
    }
  }

  private void step(long now, int delta) {
    synchronized (steps) {
      steps.add(new Step(now, delta));
    }
  }

  /** Pods Running now (reported Running and not gone). */
  long running() {
    return running.get();
  }

  /** Pods that were ever reported Running. */
  long everRunning() {
    return everRunning.get();
  }

  long gone() {
    return gone.get();
  }

  Moments moments(String pod) {
    return pods.get(pod);
  }

  Map<String, Moments> all() {
    return Map.copyOf(pods);
  }

  List<Step> steps() {
    synchronized (steps) {
      return List.copyOf(steps);
    }
  }
}
