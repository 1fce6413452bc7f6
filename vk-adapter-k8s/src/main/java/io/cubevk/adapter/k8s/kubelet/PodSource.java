package io.cubevk.adapter.k8s.kubelet;

import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;

/**
 * The pods bound to a node, for kubelet's {@code GET /pods}. Blocking allowed (the server calls it
 * off its event loops); an informer-backed lambda is the cheap choice, {@link ClusterPodSource} the
 * simple one.
 */
@FunctionalInterface
public interface PodSource {

  List<V1Pod> podsOn(String nodeName);
}
