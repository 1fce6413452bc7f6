package io.cubevk.ports.out.cluster;

import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.status.PodStatus;

/**
 * Writes a pod's status through the {@code status} subresource, sending only the fields that differ
 * from the pod as the informer last saw it, and nothing at all when nothing differs (the API server
 * is the shared bottleneck: targets.md allows ≤ 4 writes per pod lifecycle).
 */
public interface PodStatusWriter {

  /**
   * Makes the pod's status match.
   *
   * @return whether a write was sent
   * @throws ClusterFailure when the API server refuses or is unreachable
   */
  boolean write(PodView pod, PodStatus status);
}
