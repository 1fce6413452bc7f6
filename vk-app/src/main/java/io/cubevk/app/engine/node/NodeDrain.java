package io.cubevk.app.engine.node;

import io.cubevk.domain.node.VirtualNode;

/**
 * What deleting a virtual node means for its pods, carried out by the pod side of the engine: every
 * Cube of the node deleted (EIPs released as their pods asked, UDisks deleted unless their volume
 * is retained) and every pod of the node removed.
 */
public interface NodeDrain {

  /**
   * Deletes everything the node runs; returns once nothing is left.
   *
   * @throws RuntimeException when something could not be deleted yet (the controller retries)
   */
  void drain(VirtualNode node);
}
