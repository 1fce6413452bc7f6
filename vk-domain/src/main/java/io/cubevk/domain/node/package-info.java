/**
 * The virtual node: its settings ({@link io.cubevk.domain.node.VirtualNode}) and the Kubernetes
 * Node object they imply ({@link io.cubevk.domain.node.NodeDescription}: labels, the provider
 * taint, capacity, conditions, addresses).
 *
 * <p>A virtual node is the seed's "Add Virtual Node": named {@code uk8s-xxxxxxxx-vk-xxxxx} after
 * its cluster, placed in one region, zone, VPC and subnet, with a default pod size, a maximum pod
 * count (at most 200) and an enabled flag (a disabled node keeps its Cubes but creates none). The
 * engine publishes the description and keeps it current; nothing here talks to the cluster.
 */
@ValueStyle
package io.cubevk.domain.node;

import io.cubevk.domain.ValueStyle;
