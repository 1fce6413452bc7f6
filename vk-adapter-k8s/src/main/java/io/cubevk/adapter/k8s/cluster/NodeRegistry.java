package io.cubevk.adapter.k8s.cluster;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.cubevk.domain.node.NodeDescription;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cluster.ClusterFailure;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.cubevk.ports.out.cluster.NodeObjects;
import io.cubevk.ports.out.cluster.ObservedNode;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's Node objects: an informer of the virtual nodes (label {@code type=virtual-kubelet},
 * so a large cluster's other nodes are never watched), registration (create or adopt, with
 * optimistic concurrency) and status reports through {@code nodes/status}.
 */
final class NodeRegistry implements NodeObjects {

  private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
  private static final int ATTEMPTS = 5;
  private static final String SELECTOR = VirtualNode.TYPE_LABEL + "=" + VirtualNode.TYPE_VALUE;

  private final SyncedOnce synced = new SyncedOnce();
  private final Informers informers;
  private final Requests requests;
  private final CoreV1Api core;
  private final Clock clock;
  private final Gson gson;
  private final SharedIndexInformer<V1Node> informer;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  NodeRegistry(Informers informers, Requests requests, CoreV1Api core, Clock clock) {
    this.informers = informers;
    this.requests = requests;
    this.core = core;
    this.clock = clock;
    this.gson = requests.client().getJSON().getGson();
    this.informer =
        informers.create(
            "virtual nodes",
            V1Node.class,
            V1NodeList.class,
            params ->
                core.listNode()
                    .labelSelector(SELECTOR)
                    .resourceVersion(params.resourceVersion)
                    .watch(params.watch)
                    .timeoutSeconds(params.timeoutSeconds)
                    .allowWatchBookmarks(Boolean.TRUE.equals(params.watch) ? true : null)
                    .buildCall(null));
    informer.addEventHandler(
        Informers.onChange(node -> notifyChanged(node), node -> notifyChanged(node)));
  }

  void start() {
    informer.run();
  }

  void stop() {
    informers.stop(informer);
  }

  @Override
  public ObservedNode register(NodeDescription node, String finalizer) {
    String name = node.name();
    ClusterFailure last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<V1Node> existing = read(name);
      try {
        if (existing.isEmpty()) {
          V1Node created =
              requests.execute(
                  "POST nodes " + name,
                  () -> core.createNode(NodeMapper.newNode(node, finalizer)).buildCall(null),
                  V1Node.class);
          log.info("registered virtual node {}", name);
          return NodeMapper.observe(created);
        }
        Optional<V1Node> adopted = NodeMapper.adopt(existing.get(), node, finalizer);
        if (adopted.isEmpty()) {
          return NodeMapper.observe(existing.get());
        }
        V1Node replaced =
            requests.execute(
                "PUT nodes " + name,
                () -> core.replaceNode(name, adopted.get()).buildCall(null),
                V1Node.class);
        log.info("adopted existing Node {}", name);
        return NodeMapper.observe(replaced);
      } catch (ClusterFailure.Conflict e) {
        last = e; // created or changed meanwhile: read again
      }
    }
    throw last;
  }

  @Override
  public void reportStatus(NodeDescription node, NodeInfo info) {
    V1Node current = informer.getIndexer().getByKey(node.name());
    V1NodeStatus status =
        NodeMapper.status(
            node,
            info,
            current == null ? null : current.getStatus(),
            PodStatusMapper.time(clock.instant()));
    JsonObject patch = new JsonObject();
    patch.add("status", gson.toJsonTree(status));
    requests.patch(
        "PATCH nodes/status " + node.name(),
        () -> core.patchNodeStatus(node.name(), new V1Patch(gson.toJson(patch))).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        V1Node.class);
  }

  @Override
  public Optional<ObservedNode> get(String name) {
    return Optional.ofNullable(informer.getIndexer().getByKey(name)).map(NodeMapper::observe);
  }

  /** The Node's uid as the informer last saw it, if any. */
  Optional<String> uid(String name) {
    return Optional.ofNullable(informer.getIndexer().getByKey(name))
        .map(n -> n.getMetadata().getUid());
  }

  @Override
  public void removeFinalizer(String name, String finalizer) {
    ClusterFailure last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<V1Node> existing = read(name);
      if (existing.isEmpty()
          || existing.get().getMetadata().getFinalizers() == null
          || !existing.get().getMetadata().getFinalizers().contains(finalizer)) {
        return;
      }
      V1Node node = existing.get();
      List<String> finalizers = new ArrayList<>(node.getMetadata().getFinalizers());
      finalizers.remove(finalizer);
      node.getMetadata().finalizers(finalizers);
      try {
        requests.executeIgnoringBody(() -> core.replaceNode(name, node).buildCall(null));
        log.info("removed finalizer {} from Node {}", finalizer, name);
        return;
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          return;
        }
        last = ClusterFailures.of("PUT nodes " + name + " (remove finalizer)", e);
        if (!(last instanceof ClusterFailure.Conflict)) {
          throw last;
        }
      }
    }
    throw last;
  }

  @Override
  public int countVirtualNodes() {
    return (int)
        informer.getIndexer().list().stream()
            .filter(
                n ->
                    n.getMetadata().getLabels() != null
                        && VirtualNode.TYPE_VALUE.equals(
                            n.getMetadata().getLabels().get(VirtualNode.TYPE_LABEL)))
            .count();
  }

  @Override
  public void onNodeChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public boolean hasSynced() {
    return synced.hasSynced(informer);
  }

  private Optional<V1Node> read(String name) {
    try {
      return Optional.of(
          requests.<V1Node>execute(
              "GET nodes " + name, () -> core.readNode(name).buildCall(null), V1Node.class));
    } catch (ClusterFailure.NotFound e) {
      return Optional.empty();
    }
  }

  private void notifyChanged(V1Node node) {
    String name = node.getMetadata() == null ? null : node.getMetadata().getName();
    if (name == null) {
      return;
    }
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(name);
      } catch (RuntimeException e) {
        log.error("a node listener failed for node {}", name, e);
      }
    }
  }
}
