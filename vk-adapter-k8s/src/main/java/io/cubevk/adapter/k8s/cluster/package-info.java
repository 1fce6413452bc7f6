/**
 * The cluster out-ports over client-java, behind one public facade, {@link
 * io.cubevk.adapter.k8s.cluster.KubernetesCluster}.
 *
 * <p>What it does about client-java's pitfalls:
 *
 * <ul>
 *   <li>Pods are watched per served node with {@code fieldSelector=spec.nodeName=<node>} on both
 *       the list and the watch, through a custom list-watch ({@code ListWatch}); the default {@code
 *       SharedInformerFactory} path sends no selector and keys informers by type.
 *   <li>Watches use an HTTP client whose read timeout outlasts the watch, so a quiet watch is not
 *       cut every ten seconds (client-java's default) into a full relist.
 *   <li>A relist (after a dropped watch or a 410) offers every object again as an update; those
 *       whose resourceVersion did not move are not passed on ({@code Informers.onChange}).
 *   <li>Answers the adapter does not need (a pod delete, which may be a {@code Status}) are not
 *       parsed: client-java 25+ refuses unknown fields.
 *   <li>Times are written in whole seconds, as the API server keeps them, so a status read back
 *       compares equal to the status written and nothing is patched twice.
 * </ul>
 */
package io.cubevk.adapter.k8s.cluster;
