package io.cubevk.ports.out.cluster;

import java.time.Duration;

/**
 * Node heartbeats as {@code coordination.k8s.io/v1} Leases in {@code kube-node-lease}, kubelet's
 * cheap way of saying "alive" between status reports.
 */
public interface NodeLeases {

  /**
   * Creates or renews the node's Lease (holder = the node, renew time = now).
   *
   * @throws ClusterFailure when the API server refuses or is unreachable
   */
  void renew(String nodeName, Duration leaseDuration);
}
