package io.cubevk.ports.out.cluster;

import io.cubevk.domain.node.NodeDescription;
import java.util.Optional;
import java.util.function.Consumer;

/** The virtual Node objects of the agent, with a finalizer the agent owns on each. */
public interface NodeObjects {

  /**
   * Creates the Node, or adopts an existing Node of that name: the agent's labels, taints and
   * finalizer are made present; labels and taints a user added stay.
   */
  ObservedNode register(NodeDescription node, String finalizer);

  /**
   * Writes the node's status (conditions with a fresh heartbeat, capacity, allocatable, addresses,
   * kubelet endpoint, node info).
   */
  void reportStatus(NodeDescription node, NodeInfo info);

  /** The node as the informer last saw it. */
  Optional<ObservedNode> get(String name);

  /** Removes the agent's finalizer, letting a requested deletion complete. */
  void removeFinalizer(String name, String finalizer);

  /**
   * How many Nodes in the cluster are virtual kubelet nodes (label {@code type=virtual-kubelet}).
   */
  int countVirtualNodes();

  /** Calls the listener with a node's name whenever it is added, changed or deleted. */
  void onNodeChange(Consumer<String> listener);

  /** Whether the node informer has its first full list. */
  boolean hasSynced();
}
