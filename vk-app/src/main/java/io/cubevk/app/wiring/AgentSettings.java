package io.cubevk.app.wiring;

import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cluster.NodeInfo;
import java.util.List;

/**
 * What the engine is told at start: the node set and how the node and pod sides behave.
 *
 * @param nodes the virtual nodes to serve at start (more may come and go while it runs)
 * @param node how node controllers talk to the cluster (kubelet address and port, intervals)
 * @param engine how the pod side works (workers, Cube polling, orphans, resync)
 * @param nodeInfo what the Nodes say about the agent ({@code kubectl get nodes -o wide})
 */
public record AgentSettings(
    List<VirtualNode> nodes, NodeSettings node, PodEngine.Settings engine, NodeInfo nodeInfo) {

  public AgentSettings {
    nodes = List.copyOf(nodes);
  }
}
