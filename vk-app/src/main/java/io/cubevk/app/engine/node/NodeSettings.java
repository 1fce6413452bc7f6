package io.cubevk.app.engine.node;

import java.time.Duration;
import java.util.Optional;

/**
 * How a node controller talks to the cluster.
 *
 * @param kubeletAddress the address the node advertises for its kubelet API (InternalIP)
 * @param kubeletPort the kubelet API's port (with the kubelet API wired, each node's own port)
 * @param leaseRenewInterval kubelet renews its Lease every 10 s
 * @param leaseDuration kubelet's Lease lasts 40 s
 * @param statusReportInterval with Leases, kubelet reports unchanged status every 5 minutes
 * @param statusCheckInterval how often the controller compares status and checks the Node exists
 */
public record NodeSettings(
    Optional<String> kubeletAddress,
    int kubeletPort,
    Duration leaseRenewInterval,
    Duration leaseDuration,
    Duration statusReportInterval,
    Duration statusCheckInterval) {

  /** The finalizer the agent puts on its Nodes, so that deleting a Node waits for its Cubes. */
  public static final String FINALIZER = "cube.ucloud.cn/virtual-node";

  /** How many virtual nodes a UK8S cluster may have (seed: "up to 8 virtual nodes"). */
  public static final int MAX_VIRTUAL_NODES_PER_CLUSTER = 8;

  /**
   * The same settings advertising another kubelet port: each node's kubelet API listens on a port
   * of its own, known only once it is bound.
   */
  public NodeSettings withKubeletPort(int port) {
    return new NodeSettings(
        kubeletAddress,
        port,
        leaseRenewInterval,
        leaseDuration,
        statusReportInterval,
        statusCheckInterval);
  }

  public static NodeSettings defaults(Optional<String> kubeletAddress, int kubeletPort) {
    return new NodeSettings(
        kubeletAddress,
        kubeletPort,
        Duration.ofSeconds(10),
        Duration.ofSeconds(40),
        Duration.ofMinutes(5),
        Duration.ofSeconds(10));
  }
}
