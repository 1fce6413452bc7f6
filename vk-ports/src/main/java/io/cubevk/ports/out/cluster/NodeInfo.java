package io.cubevk.ports.out.cluster;

/**
 * The agent's self-description in {@code status.nodeInfo}: {@code kubectl get nodes -o wide} shows
 * it, and it tells an operator which agent serves a node.
 */
public record NodeInfo(String kubeletVersion, String osImage, String architecture) {}
