/**
 * The cluster out-ports: what the engine needs from the Kubernetes API server, and no more.
 *
 * <p>Reads come from informer caches kept by the adapter ({@link
 * io.cubevk.ports.out.cluster.PodCache}, {@link io.cubevk.ports.out.cluster.NodeObjects#get}), so a
 * resync never turns into one GET per pod. Changes are announced by key only (a pod uid, a node
 * name): the engine is level-triggered and re-reads the cache, it never trusts an event's payload.
 * Writes are minimal: a status patch carries only the fields that changed, and nothing is written
 * when nothing changed. Failures are {@link io.cubevk.ports.out.cluster.ClusterFailure}s.
 */
@ValueStyle
package io.cubevk.ports.out.cluster;

import io.cubevk.domain.ValueStyle;
