package io.cubevk.app.wiring;

import io.cubevk.domain.node.VirtualNode;
import java.util.List;

/** Where the node set lives while the agent runs (a file, a ConfigMap), read again and again. */
public interface NodeSetSource {

  /**
   * The node set as it is now.
   *
   * @throws RuntimeException when it cannot be read or is invalid; the message lists every problem,
   *     and the agent keeps the node set it has
   */
  List<VirtualNode> read();

  /** Where it is, for log lines: {@code configmap cube-vk-system/cube-vk}. */
  String describe();
}
