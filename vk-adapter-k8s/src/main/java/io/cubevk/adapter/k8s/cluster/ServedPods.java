package io.cubevk.adapter.k8s.cluster;

import io.cubevk.adapter.k8s.PodViewMapper;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.ports.out.cluster.PodCache;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods of the served nodes: one informer per node, scoped by {@code
 * fieldSelector=spec.nodeName=<node>} on both its list and its watch (the agent never watches every
 * pod of the cluster), behind one view indexed by uid and by namespace/name.
 *
 * <p>A pod is mapped to a {@link PodView} once per resourceVersion and the view is reused until the
 * pod changes: the engine reads pods on every reconcile step.
 */
final class ServedPods implements PodCache {

  private static final Logger log = LoggerFactory.getLogger(ServedPods.class);
  private static final String BY_UID = "uid";

  private final Informers informers;
  private final CoreV1Api core;
  private final Map<String, SharedIndexInformer<V1Pod>> byNode = new ConcurrentHashMap<>();
  private final SyncedOnce synced = new SyncedOnce();
  private final Map<String, Mapped> views = new ConcurrentHashMap<>();
  private final List<Consumer<PodUid>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<PodUid>> deletions = new CopyOnWriteArrayList<>();

  ServedPods(Informers informers, CoreV1Api core) {
    this.informers = informers;
    this.core = core;
  }

  /** Starts the informer of a node's pods (idempotent). */
  synchronized void serve(String nodeName) {
    if (byNode.containsKey(nodeName)) {
      return;
    }
    String selector = "spec.nodeName=" + nodeName;
    SharedIndexInformer<V1Pod> informer =
        informers.create(
            "pods of " + nodeName,
            V1Pod.class,
            V1PodList.class,
            params ->
                core.listPodForAllNamespaces()
                    .fieldSelector(selector)
                    .resourceVersion(params.resourceVersion)
                    .watch(params.watch)
                    .timeoutSeconds(params.timeoutSeconds)
                    .allowWatchBookmarks(Boolean.TRUE.equals(params.watch) ? true : null)
                    .buildCall(null));
    informer.addIndexers(Map.of(BY_UID, pod -> List.of(uidOf(pod))));
    informer.addEventHandler(
        Informers.onChangeByUid(
            pod -> notifyChanged(uidOf(pod)),
            pod -> {
              String uid = uidOf(pod);
              views.remove(uid);
              deletions.forEach(l -> l.accept(PodUid.of(uid)));
              notifyChanged(uid);
            }));
    byNode.put(nodeName, informer);
    informer.run();
  }

  /** Stops the informer of a node's pods; its pods leave the cache. */
  synchronized void stopServing(String nodeName) {
    SharedIndexInformer<V1Pod> informer = byNode.remove(nodeName);
    if (informer != null) {
      informers.stop(informer);
      synced.forget(informer);
      informer.getIndexer().list().forEach(pod -> views.remove(uidOf(pod)));
    }
  }

  synchronized void stopAll() {
    List.copyOf(byNode.keySet()).forEach(this::stopServing);
  }

  /** Called with the uid of every pod that leaves the cache. */
  void onDeleted(Consumer<PodUid> listener) {
    deletions.add(listener);
  }

  /** The pod object as the informer holds it (not a copy: never modify it). */
  Optional<V1Pod> object(PodUid uid) {
    for (SharedIndexInformer<V1Pod> informer : byNode.values()) {
      List<V1Pod> found = informer.getIndexer().byIndex(BY_UID, uid.value());
      if (!found.isEmpty()) {
        return Optional.of(found.get(0));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean hasSynced() {
    return byNode.values().stream().allMatch(synced::hasSynced);
  }

  @Override
  public Optional<PodView> get(PodUid uid) {
    return object(uid).flatMap(this::view);
  }

  @Override
  public Optional<PodView> find(String namespace, String name) {
    for (SharedIndexInformer<V1Pod> informer : byNode.values()) {
      V1Pod pod = informer.getIndexer().getByKey(namespace + "/" + name);
      if (pod != null) {
        return view(pod);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<PodView> podsOn(String nodeName) {
    SharedIndexInformer<V1Pod> informer = byNode.get(nodeName);
    if (informer == null) {
      return List.of();
    }
    List<PodView> pods = new ArrayList<>();
    for (V1Pod pod : informer.getIndexer().list()) {
      view(pod).ifPresent(pods::add);
    }
    return pods;
  }

  @Override
  public void onPodChange(Consumer<PodUid> listener) {
    listeners.add(listener);
  }

  private void notifyChanged(String uid) {
    if (uid.isEmpty()) {
      return;
    }
    PodUid podUid = PodUid.of(uid);
    for (Consumer<PodUid> listener : listeners) {
      try {
        listener.accept(podUid);
      } catch (RuntimeException e) {
        log.error("a pod listener failed for pod {}", uid, e);
      }
    }
  }

  private Optional<PodView> view(V1Pod pod) {
    String uid = uidOf(pod);
    String version = Informers.version(pod);
    Mapped mapped = views.get(uid);
    if (mapped != null && Objects.equals(mapped.version, version)) {
      return Optional.of(mapped.view);
    }
    try {
      PodView view = PodViewMapper.toPodView(pod);
      views.put(uid, new Mapped(version, view));
      return Optional.of(view);
    } catch (RuntimeException e) {
      // A pod the mapper cannot read is not one the agent can run; it is left alone.
      log.warn("pod {} cannot be read: {}", uid, e.getMessage());
      return Optional.empty();
    }
  }

  static String uidOf(V1Pod pod) {
    return pod.getMetadata() == null || pod.getMetadata().getUid() == null
        ? ""
        : pod.getMetadata().getUid();
  }

  private record Mapped(String version, PodView view) {}
}
