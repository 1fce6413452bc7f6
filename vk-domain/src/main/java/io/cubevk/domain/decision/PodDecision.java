package io.cubevk.domain.decision;

import io.cubevk.domain.annotation.CubeAnnotations;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.status.StatusMapping;
import io.cubevk.domain.translation.TranslationResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Decides the next action for one pod; see the package documentation for the order of rules. */
public final class PodDecision {

  /** The reason of a pod refused because the node is disabled. */
  public static final String NODE_DISABLED = "NodeDisabled";

  /** kubelet's reason when a node has no room for another pod. */
  public static final String OUT_OF_PODS = "OutOfpods";

  /** The reason of a pod refused because Cube cannot run it. */
  public static final String UNSUPPORTED_POD_SPEC = "UnsupportedPodSpec";

  /**
   * The reason of a DaemonSet pod refused by a virtual node. The DaemonSet controller re-creates
   * failed daemon pods with its own backoff; keeping DaemonSets off virtual nodes (node affinity on
   * {@code type!=virtual-kubelet}) is the lasting fix, and the event says so.
   */
  public static final String DAEMON_SET_NOT_SUPPORTED = "DaemonSetNotSupported";

  /**
   * The reason of a pod whose service account is gone, so the token of its projected volume can
   * never be had (kubelet would retry FailedMount forever; the issue asks for a clear failure).
   */
  public static final String SERVICE_ACCOUNT_NOT_FOUND = "ServiceAccountNotFound";

  private PodDecision() {}

  /**
   * The next action for {@code pod}.
   *
   * @param reported the status last written to the pod, if any (absent on a new pod, and after an
   *     agent restart: then {@link PodView#statusCubeId()} still tells whether a Cube existed)
   * @param cube the pod's Cube as last observed, if it exists
   * @param node the virtual node's state
   * @param translation translates the pod with its current inputs; called only when the action
   *     depends on it (creating, renewing), so the engine resolves inputs only then
   */
  public static PodAction decide(
      PodView pod,
      Optional<PodStatus> reported,
      Optional<ObservedCube> cube,
      NodeState node,
      Supplier<TranslationResult> translation) {
    if (pod.isBeingDeleted()) {
      return deleting(pod, cube);
    }
    if (pod.phase().filter(p -> p.isTerminal()).isPresent()) {
      return PodAction.nothing(
          "the pod is "
              + pod.phase().get().word()
              + ": kubelet never restarts a finished pod; its Cube, if any, stays for its logs"
              + " until the pod is deleted");
    }
    if (cube.isPresent()) {
      return running(pod, reported, cube.get(), translation);
    }
    if (reported.flatMap(PodStatus::cubeId).or(pod::statusCubeId).isPresent()) {
      return PodAction.failPod(StatusMapping.cubeVanished(pod, reported));
    }
    return admit(pod, reported, node, translation);
  }

  private static PodAction deleting(PodView pod, Optional<ObservedCube> cube) {
    if (cube.isEmpty()) {
      return PodAction.removePod(pod.uid());
    }
    if (cube.get().status().phase() == CubePhase.TERMINATING) {
      return PodAction.nothing("Cube " + cube.get().cubeId() + " is terminating");
    }
    // The EIP setting is read from the annotations alone: a pod being deleted needs no inputs.
    boolean releaseEip =
        CubeAnnotations.parse(pod.annotations())
            .options()
            .eip()
            .map(EipOptions::releaseOnDelete)
            .orElse(false);
    return PodAction.deleteCube(cube.get().cubeId(), releaseEip);
  }

  private static PodAction running(
      PodView pod,
      Optional<PodStatus> reported,
      ObservedCube cube,
      Supplier<TranslationResult> translation) {
    PodStatus status = StatusMapping.map(pod, cube);
    if (reported.filter(status::equals).isEmpty()) {
      return PodAction.reportStatus(status);
    }
    if (cube.status().phase() != CubePhase.TERMINATING
        && translation.get() instanceof TranslationResult.Translated desired
        && desired.placeholders().isEmpty()
        && needsRenewal(desired.spec(), cube.spec())) {
      return PodAction.renewCube(cube.cubeId(), desired.spec());
    }
    return PodAction.nothing(
        "Cube " + cube.cubeId() + " is " + cube.status().phase().word() + " and reported");
  }

  /**
   * Whether a running Cube should get the document again: the data of its mounted Secrets and
   * ConfigMaps or its token changed (kubelet refreshes such volumes in place), or an image changed
   * (the one container field Kubernetes lets users edit). Env is not compared: kubelet never
   * updates a running container's environment either.
   */
  static boolean needsRenewal(CubeSpec desired, CubeSpec observed) {
    return !desired.volumes().equals(observed.volumes())
        || !images(desired.containers()).equals(images(observed.containers()))
        || !images(desired.initContainers()).equals(images(observed.initContainers()));
  }

  private static List<String> images(List<CubeContainer> containers) {
    return containers.stream().map(c -> c.name() + "=" + c.image()).toList();
  }

  private static PodAction admit(
      PodView pod,
      Optional<PodStatus> reported,
      NodeState node,
      Supplier<TranslationResult> translation) {
    if (pod.isDaemonSetPod() && !node.daemonSetsAllowed()) {
      return PodAction.failPod(
          StatusMapping.rejected(
              pod,
              DAEMON_SET_NOT_SUPPORTED,
              "DaemonSet pods are not run on virtual node "
                  + node.nodeName()
                  + ": a Cube is a pod of its own, not a host for per-node agents; keep the"
                  + " DaemonSet off virtual nodes with a node affinity on type!=virtual-kubelet"));
    }
    if (!node.enabled()) {
      return PodAction.failPod(
          StatusMapping.rejected(
              pod,
              NODE_DISABLED,
              "virtual node "
                  + node.nodeName()
                  + " is disabled: it creates no new Cubes (existing ones are kept)"));
    }
    if (!node.hasRoom()) {
      return PodAction.failPod(
          StatusMapping.rejected(
              pod,
              OUT_OF_PODS,
              "Node didn't have enough resource: pods, requested: 1, used: "
                  + node.activeCubes()
                  + ", capacity: "
                  + node.maxPods()));
    }
    TranslationResult result = translation.get();
    if (result instanceof TranslationResult.Rejected rejected) {
      boolean accountOnly =
          rejected.violations().stream()
              .allMatch(v -> v.fieldPath().equals("spec.serviceAccountName"));
      return PodAction.failPod(
          accountOnly
              ? StatusMapping.rejected(pod, SERVICE_ACCOUNT_NOT_FOUND, rejected.message())
              : StatusMapping.rejected(
                  pod, UNSUPPORTED_POD_SPEC, "Cube cannot run this pod: " + rejected.message()));
    }
    if (result instanceof TranslationResult.Waiting waiting) {
      return PodAction.keepWaiting(
          StatusMapping.waitingForInputs(pod, waiting.unresolved()), waiting.unresolved());
    }
    TranslationResult.Translated translated = (TranslationResult.Translated) result;
    if (!translated.placeholders().isEmpty()) {
      // Placeholders are for offline previews; a Cube is never created from one.
      return PodAction.keepWaiting(
          StatusMapping.waitingForInputs(pod, translated.placeholders()),
          translated.placeholders());
    }
    return PodAction.createCube(
        translated.spec(), translated.options(), translated.sizing().size(), translated.warnings());
  }

  private static PodAction reportIfChanged(PodStatus status, Optional<PodStatus> reported) {
    return reported.filter(status::equals).isPresent()
        ? PodAction.nothing("status unchanged: " + status.reason().orElse(status.phase().word()))
        : PodAction.reportStatus(status);
  }
}
