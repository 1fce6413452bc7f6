/**
 * What the agent knows of its Cubes, kept fresh at the lowest cloud cost that still meets the
 * latency target.
 *
 * <p>Steady Cubes are observed by one paged list per group (virtual node) per interval. Cubes in
 * transition (just created, starting, being deleted) are watched closely by a fast path that polls
 * them with a short backoff, so a pod turns Running within a fraction of a second of its Cube; when
 * many Cubes of a group are in transition at once, the fast path lists the group (100 per page)
 * instead of getting each Cube. Every change is reported to a listener, which requeues the pod.
 */
package io.cubevk.app.engine.cube;
