package io.cubevk.adapter.k8s.cluster;

import com.google.gson.JsonObject;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.ClusterFailure;
import io.cubevk.ports.out.cluster.ObjectRef;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events as kubelet's recorder does: off the caller's thread (an engine worker
 * never waits for an Event), repeats aggregated into one Event's {@code count} ({@link
 * EventAggregator}), and failures logged, never thrown. When the API server falls behind, events
 * beyond a bounded backlog are dropped and counted: they are information, not state.
 */
final class EventRecorder implements ClusterEvents, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final int BACKLOG = 2000;
  private static final int MAX_MESSAGE = 1024;

  private final Requests requests;
  private final CoreV1Api core;
  private final Clock clock;
  private final String component;
  private final Function<ObjectRef, String> hostOf;
  private final EventAggregator aggregator = new EventAggregator();
  private final AtomicLong dropped = new AtomicLong();
  private final ThreadPoolExecutor executor;

  /**
   * @param hostOf the node an object is on (the event's {@code source.host})
   */
  EventRecorder(
      Requests requests,
      CoreV1Api core,
      Clock clock,
      String component,
      Function<ObjectRef, String> hostOf) {
    this.requests = requests;
    this.core = core;
    this.clock = clock;
    this.component = component;
    this.hostOf = hostOf;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BACKLOG),
            r -> {
              Thread t = new Thread(r, "cube-vk-events");
              t.setDaemon(true);
              return t;
            },
            (r, e) -> {
              if (dropped.incrementAndGet() % 100 == 1) {
                log.warn("event backlog full: {} events dropped so far", dropped.get());
              }
            });
  }

  @Override
  public void normal(ObjectRef object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  @Override
  public void warning(ObjectRef object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  /** Events dropped because the backlog was full. */
  long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void record(ObjectRef object, String type, String reason, String message) {
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    try {
      executor.execute(() -> write(new EventAggregator.Key(object, type, reason, text)));
    } catch (RuntimeException e) {
      dropped.incrementAndGet(); // shut down: recording is best effort
    }
  }

  private void write(EventAggregator.Key key) {
    Instant now = clock.instant();
    EventAggregator.Decision decision = aggregator.record(key, now);
    try {
      if (decision.isNew()) {
        create(key, decision);
      } else {
        try {
          update(key, decision);
        } catch (ClusterFailure.NotFound expired) {
          create(key, aggregator.recreate(key, now));
        }
      }
    } catch (RuntimeException e) {
      log.warn(
          "recording event {} {} on {} {} failed: {}",
          key.type(),
          key.reason(),
          key.object().kind(),
          key.object().name(),
          e.getMessage());
    }
  }

  private void create(EventAggregator.Key key, EventAggregator.Decision decision) {
    ObjectRef object = key.object();
    String namespace = namespaceOf(object);
    String host = hostOf.apply(object);
    CoreV1Event event =
        new CoreV1Event()
            .apiVersion("v1")
            .kind("Event")
            .metadata(new V1ObjectMeta().name(decision.name()).namespace(namespace))
            .involvedObject(
                new V1ObjectReference()
                    .apiVersion("v1")
                    .kind(object.kind())
                    .namespace(object.namespace().isEmpty() ? null : object.namespace())
                    .name(object.name())
                    .uid(object.uid().isEmpty() ? null : object.uid()))
            .type(key.type())
            .reason(key.reason())
            .message(key.message())
            .count(decision.count())
            .firstTimestamp(PodStatusMapper.time(decision.first()))
            .lastTimestamp(PodStatusMapper.time(decision.last()))
            .source(new V1EventSource().component(component).host(host))
            .reportingComponent(component)
            .reportingInstance(host);
    requests.execute(
        "POST events " + namespace + "/" + decision.name(),
        () -> core.createNamespacedEvent(namespace, event).buildCall(null),
        CoreV1Event.class);
  }

  private void update(EventAggregator.Key key, EventAggregator.Decision decision) {
    String namespace = namespaceOf(key.object());
    JsonObject patch = new JsonObject();
    patch.addProperty("count", decision.count());
    patch.add(
        "lastTimestamp",
        requests.client().getJSON().getGson().toJsonTree(PodStatusMapper.time(decision.last())));
    requests.patch(
        "PATCH events " + namespace + "/" + decision.name(),
        () ->
            core.patchNamespacedEvent(decision.name(), namespace, new V1Patch(patch.toString()))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        CoreV1Event.class);
  }

  private static String namespaceOf(ObjectRef object) {
    // Events about cluster-scoped objects (Nodes) live in "default", as kubelet's do.
    return object.namespace().isEmpty() ? "default" : object.namespace();
  }
}
