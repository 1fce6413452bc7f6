package io.cubevk.adapter.k8s.cluster;

import io.cubevk.domain.pod.PodUid;
import io.cubevk.ports.out.cluster.PodRemover;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Preconditions;

/**
 * Removes a pod whose Cube is gone, as kubelet does once a pod's containers stopped: a delete with
 * {@code gracePeriodSeconds=0} and {@code preconditions.uid}. A pod already gone (404) or replaced
 * by another pod of the same name (409 on the uid precondition) counts as removed.
 */
final class PodDeleter implements PodRemover {

  private final Requests requests;
  private final CoreV1Api core;

  PodDeleter(Requests requests, CoreV1Api core) {
    this.requests = requests;
    this.core = core;
  }

  @Override
  public void deleteNow(String namespace, String name, PodUid uid) {
    V1DeleteOptions options =
        new V1DeleteOptions()
            .gracePeriodSeconds(0L)
            .preconditions(new V1Preconditions().uid(uid.value()));
    try {
      requests.executeIgnoringBody(
          () ->
              core.deleteNamespacedPod(name, namespace)
                  .gracePeriodSeconds(0)
                  .body(options)
                  .buildCall(null));
    } catch (ApiException e) {
      if (e.getCode() == 404 || ClusterFailures.isUidPreconditionConflict(e)) {
        return;
      }
      throw ClusterFailures.of("DELETE pods " + namespace + "/" + name + " (uid " + uid + ")", e);
    }
  }
}
