/**
 * Cube status → Pod status, as kubelet would report it.
 *
 * <p>{@link io.cubevk.domain.status.StatusMapping} reads Cube's kubectl-style phase word, its
 * container states, restart counts, address and times, and derives the Pod's phase with kubelet's
 * own rules (restartPolicy decides whether a stopped container makes the pod Running, Succeeded or
 * Failed), its four conditions and its container statuses with kubelet's reasons ({@code
 * ContainerCreating}, {@code CrashLoopBackOff}, {@code ErrImagePull}, {@code Completed}, …).
 * Container ids are {@code cube://<cube-id>/<container>}.
 *
 * <p>Condition transition times come from the Cube's own timestamps, never from a clock, so the
 * same observation always maps to the same status and the engine patches a pod only when something
 * changed.
 */
@ValueStyle
package io.cubevk.domain.status;

import io.cubevk.domain.ValueStyle;
