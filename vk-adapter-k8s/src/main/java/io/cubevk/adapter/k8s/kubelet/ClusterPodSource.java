package io.cubevk.adapter.k8s.kubelet;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;

/**
 * Pods of a node listed from the API server by {@code spec.nodeName}, one list call per {@code GET
 * /pods}. Nothing calls {@code /pods} often (it is a debugging endpoint), so no cache.
 */
public final class ClusterPodSource implements PodSource {

  private final CoreV1Api api;

  public ClusterPodSource(ApiClient client) {
    this.api = new CoreV1Api(client);
  }

  @Override
  public List<V1Pod> podsOn(String nodeName) {
    try {
      return api.listPodForAllNamespaces()
          .fieldSelector("spec.nodeName=" + nodeName)
          .execute()
          .getItems();
    } catch (ApiException e) {
      throw new IllegalStateException(
          "listing the pods of node " + nodeName + " failed: HTTP " + e.getCode(), e);
    }
  }
}
