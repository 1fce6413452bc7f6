/**
 * The engine's side of the kubelet API: container streams ({@code kubectl logs}, {@code exec},
 * {@code attach}, {@code port-forward}) and usage ({@code /stats/summary}, {@code
 * /metrics/resource}, so {@code kubectl top}).
 *
 * <p>Both resolve a pod the way the pod controller does, from the caches, never from an extra
 * cluster call: the pod from the {@link io.cubevk.ports.out.cluster.PodCache} (pods bound to the
 * agent's nodes), its Cube from the {@link io.cubevk.app.engine.cube.CubeCache}. Streams are the
 * cloud's own, handed through unchanged so that the receiver's {@code pause}/{@code resume} reach
 * whatever reads from the Cube. Usage comes from {@code CubeCloud.metrics}, which is one call per
 * container: it is cached and refreshed at most once per refresh interval whatever the scrape rate,
 * and the cumulative CPU counter that metrics-server needs is integrated from the samples here.
 */
package io.cubevk.app.engine.streams;
