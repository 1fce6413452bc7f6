package io.cubevk.ports.out.cluster;

import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The pods bound to the agent's nodes, from an informer scoped by {@code spec.nodeName} (the agent
 * never watches every pod of the cluster).
 */
public interface PodCache {

  /** Whether the informer has its first full list: until then, absence means nothing. */
  boolean hasSynced();

  Optional<PodView> get(PodUid uid);

  /** A pod by namespace and name, if it is bound to one of the agent's nodes. */
  Optional<PodView> find(String namespace, String name);

  /** Every pod bound to the node, in no particular order. */
  List<PodView> podsOn(String nodeName);

  /**
   * Calls the listener with a pod's uid whenever it is added, changed or deleted (also on every
   * relist; the engine treats an unchanged pod as a no-op). Must not block.
   */
  void onChange(Consumer<PodUid> listener);
}
