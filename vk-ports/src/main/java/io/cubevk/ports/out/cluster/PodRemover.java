package io.cubevk.ports.out.cluster;

import io.cubevk.domain.pod.PodUid;

/**
 * Removes a pod object once its Cube is gone: a delete with grace period 0 and a uid precondition,
 * so that a pod re-created under the same name is never removed by mistake.
 */
public interface PodRemover {

  /**
   * Deletes the pod now. A pod already gone, or replaced by one with another uid, counts as done.
   *
   * @throws ClusterFailure when the API server refuses or is unreachable
   */
  void deleteNow(String namespace, String name, PodUid uid);
}
