/**
 * The node controller: one per virtual node. It registers (or adopts) the Node with a finalizer the
 * agent owns, renews its Lease every 10 s, reports status when it changes and at least every five
 * minutes, re-creates the Node if someone removes it behind the agent's back, follows {@code
 * kubectl cordon}/{@code uncordon} (disabled/enabled) and carries out {@code kubectl delete node}:
 * every Cube of the node goes, then the finalizer, then the agent stops serving the node.
 */
package io.cubevk.app.engine.node;
