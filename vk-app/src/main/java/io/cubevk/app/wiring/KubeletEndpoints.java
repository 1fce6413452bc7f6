package io.cubevk.app.wiring;

import io.cubevk.domain.node.VirtualNode;

/**
 * Where each served node's kubelet API listens. The node set opens a node's endpoint before its
 * Node is registered, so that the Node advertises the port really bound ({@code
 * status.daemonEndpoints.kubeletEndpoint.Port}), and closes it when the node is no longer served.
 */
interface KubeletEndpoints {

  /**
   * Starts serving the node's kubelet API (or does nothing when the agent runs without one).
   *
   * @return the port the node advertises
   * @throws IllegalStateException naming the node when its kubelet API cannot listen
   */
  int open(VirtualNode node);

  /** Stops the node's kubelet API, if it has one; its open streams end. */
  void close(String nodeName);

  /** No kubelet API in this agent: every node advertises the configured port (an embedder's). */
  static KubeletEndpoints advertisedOnly(int port) {
    return new KubeletEndpoints() {
      @Override
      public int open(VirtualNode node) {
        return port;
      }

      @Override
      public void close(String nodeName) {}
    };
  }
}
