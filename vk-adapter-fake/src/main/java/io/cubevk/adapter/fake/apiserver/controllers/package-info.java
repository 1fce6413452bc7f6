/**
 * What kube-controller-manager, the scheduler and admission do, minimally but truly, so that the
 * seed's examples run in the sandbox through kubectl: the scheduler, Deployments → ReplicaSets →
 * Pods, StatefulSets, Jobs, DaemonSets, garbage collection, namespace deletion, Endpoints, CSR
 * approval and signing, token Secrets, and the ServiceAccount admission that injects the {@code
 * kube-api-access-<5>} volume.
 *
 * <p>Every controller is level-triggered ({@link
 * io.cubevk.adapter.fake.apiserver.controllers.Controller}): store events only queue keys, and a
 * reconcile reads the current state. {@link
 * io.cubevk.adapter.fake.apiserver.controllers.ControllerManager} runs them on one worker with
 * per-key deduplication and backoff; more controllers can be added to it.
 */
package io.cubevk.adapter.fake.apiserver.controllers;
