/**
 * What to do next for one pod: {@link io.cubevk.domain.decision.PodDecision#decide} is a pure
 * function of the pod, the status last reported for it, its observed Cube (or none), the node's
 * state and the pod's translation, returning one {@link io.cubevk.domain.decision.PodAction}.
 *
 * <p>The engine is level-triggered: it calls the decision on every event or resync, executes the
 * one action, and calls again; an action never assumes the previous one happened. The order of the
 * rules is the contract: deletion first (the Cube goes, then the pod object), finished pods are
 * left alone (never re-created), an existing Cube is reported on (and renewed when mounted data
 * changed), a vanished Cube fails the pod, and only then admission (DaemonSet pods, disabled node,
 * max pods, violations, missing inputs) and creation.
 */
@ValueStyle
package io.cubevk.domain.decision;

import io.cubevk.domain.ValueStyle;
