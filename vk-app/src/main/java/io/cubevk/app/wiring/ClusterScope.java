package io.cubevk.app.wiring;

/**
 * Tells the cluster adapter which nodes' pods to watch: its pod informers are scoped by {@code
 * spec.nodeName}, one per served node, so the agent never watches every pod of the cluster.
 */
interface ClusterScope {

  void serveNode(String nodeName);

  void stopServingNode(String nodeName);
}
