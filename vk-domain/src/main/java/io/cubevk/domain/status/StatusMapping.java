package io.cubevk.domain.status;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubeContainerStatus;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeStatus;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.pod.ContainerView;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.translation.Unresolved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cube status → Pod status, and the statuses of pods without a (working) Cube.
 *
 * <p>Where Cube reports a container's state it is used as is; where it does not, the state is
 * derived from the phase word. The pod's phase then follows kubelet's {@code getPhase}: init
 * containers first, then waiting, running and stopped containers weighed against the restart
 * policy. All functions are total over every {@link CubePhase} and {@link RestartPolicy}.
 */
public final class StatusMapping {

  /** The reason of a pod whose Cube vanished behind cube-vk's back. */
  public static final String PROVIDER_FAILED = "ProviderFailed";

  /**
   * The exit code reported for a container Cube says ended in Error without saying how: any
   * non-zero code is a failure to Kubernetes; 1 is the conventional generic one.
   */
  static final int UNKNOWN_ERROR_EXIT_CODE = 1;

  private StatusMapping() {}

  /** The status of {@code pod} running as {@code cube}. */
  public static PodStatus map(PodView pod, ObservedCube cube) {
    CubeStatus status = cube.status();
    String cubeId = cube.cubeId().value();
    Instant started = status.startTime().or(pod::creationTimestamp).orElse(Instant.EPOCH);
    boolean containersStarted = containersStarted(status);

    List<ContainerStatus> inits = new ArrayList<>();
    for (int i = 0; i < pod.initContainers().size(); i++) {
      ContainerView container = pod.initContainers().get(i);
      int index = i;
      Optional<CubeContainerStatus> reported =
          find(status.initContainerStatuses(), container.name());
      ContainerState state =
          reported
              .map(CubeContainerStatus::state)
              .orElseGet(() -> derivedInitState(status, containersStarted, started, index));
      inits.add(
          containerStatus(
              cubeId,
              container,
              reported,
              state,
              reported.flatMap(CubeContainerStatus::lastState),
              false));
    }
    boolean initialized =
        inits.stream()
            .allMatch(c -> c.state() instanceof ContainerState.Terminated t && t.exitCode() == 0);
    boolean initFailed =
        inits.stream()
            .anyMatch(
                c ->
                    c.state() instanceof ContainerState.Terminated t && t.exitCode() != 0
                        || c.state() instanceof ContainerState.Waiting
                            && c.lastState()
                                .filter(s -> s instanceof ContainerState.Terminated)
                                .isPresent());

    List<ContainerStatus> containers = new ArrayList<>();
    for (ContainerView container : pod.containers()) {
      Optional<CubeContainerStatus> reported = find(status.containerStatuses(), container.name());
      ContainerState state =
          reported
              .map(CubeContainerStatus::state)
              .orElseGet(
                  () ->
                      initialized
                          ? derivedState(status, started)
                          : new ContainerState.Waiting("PodInitializing", Optional.empty()));
      Optional<ContainerState> lastState =
          reported
              .flatMap(CubeContainerStatus::lastState)
              .or(() -> derivedLastState(status, reported, started));
      containers.add(containerStatus(cubeId, container, reported, state, lastState, true));
    }

    PodPhase phase = phase(pod, status, initialized, initFailed, containers);
    List<ContainerStatus> finalContainers =
        containers.stream()
            .map(
                c ->
                    ((ImmutableContainerStatus) ImmutableContainerStatus.copyOf(c))
                        .withReady(
                            phase == PodPhase.RUNNING
                                && c.state() instanceof ContainerState.Running))
            .map(ContainerStatus.class::cast)
            .toList();

    PodStatus.Builder result =
        new PodStatus.Builder()
            .phase(phase)
            .podIp(status.podIp())
            .startTime(status.startTime())
            .addAllConditions(conditions(pod, status, inits, finalContainers, initialized, started))
            .addAllInitContainerStatuses(inits)
            .addAllContainerStatuses(finalContainers);
    if (phase != PodPhase.RUNNING) {
      status.message().ifPresent(result::message);
    }
    return result.build();
  }

  /**
   * The status of a pod whose Cube no longer exists although cube-vk created it: Failed, as kubelet
   * reports a pod whose containers vanished, with reason {@value #PROVIDER_FAILED}.
   *
   * @param last the status reported before, whose restart counts are kept
   */
  public static PodStatus cubeVanished(PodView pod, Optional<PodStatus> last) {
    String cubeId = last.flatMap(PodStatus::cubeId).or(pod::statusCubeId).orElse("unknown");
    ContainerState gone =
        new ContainerState.Terminated(
            137,
            "ContainerStatusUnknown",
            Optional.of("The container could not be located when the pod was terminated"),
            Optional.empty(),
            Optional.empty());
    return new PodStatus.Builder()
        .phase(PodPhase.FAILED)
        .reason(PROVIDER_FAILED)
        .message(
            "the Cube of pod "
                + pod.key()
                + (cubeId.equals("unknown") ? "" : " (" + cubeId + ")")
                + " no longer exists in UCloud: it was deleted or lost outside cube-vk")
        .podIp(last.flatMap(PodStatus::podIp))
        .startTime(last.flatMap(PodStatus::startTime))
        .addAllConditions(notReadyConditions(pod, "PodFailed", "the pod's Cube no longer exists"))
        .addAllInitContainerStatuses(
            gone(pod.initContainers(), last.map(PodStatus::initContainerStatuses), gone))
        .addAllContainerStatuses(
            gone(pod.containers(), last.map(PodStatus::containerStatuses), gone))
        .build();
  }

  /**
   * The status of a pod waiting for inputs that do not exist yet: Pending, with kubelet's waiting
   * reasons ({@code CreateContainerConfigError} for env references, {@code ContainerCreating} while
   * volumes cannot be mounted) and what is missing in the messages.
   */
  public static PodStatus waitingForInputs(PodView pod, List<Unresolved> unresolved) {
    List<Unresolved> volumes = unresolved.stream().filter(u -> !u.isEnvironment()).toList();
    PodStatus.Builder status = new PodStatus.Builder().phase(PodPhase.PENDING);
    for (int i = 0; i < pod.initContainers().size(); i++) {
      status.addInitContainerStatuses(
          waiting(
              pod.initContainers().get(i), "spec.initContainers[" + i + "]", unresolved, volumes));
    }
    for (int i = 0; i < pod.containers().size(); i++) {
      status.addContainerStatuses(
          waiting(pod.containers().get(i), "spec.containers[" + i + "]", unresolved, volumes));
    }
    String missing =
        unresolved.stream().map(Unresolved::what).distinct().collect(Collectors.joining(", "));
    status.addAllConditions(
        notReadyConditions(pod, "ContainersNotReady", "waiting for " + missing));
    return status.build();
  }

  /** A pod kept Pending without a Cube, for a reason (e.g. a DaemonSet pod on a virtual node). */
  public static PodStatus pending(PodView pod, String reason, String message) {
    return new PodStatus.Builder()
        .phase(PodPhase.PENDING)
        .reason(reason)
        .message(message)
        .addAllConditions(notReadyConditions(pod, reason, message))
        .build();
  }

  /** A pod refused by the node (kubelet's admission failure): Failed with a reason and message. */
  public static PodStatus rejected(PodView pod, String reason, String message) {
    return new PodStatus.Builder()
        .phase(PodPhase.FAILED)
        .reason(reason)
        .message(message)
        .addAllConditions(notReadyConditions(pod, reason, message))
        .build();
  }

  private static ContainerStatus waiting(
      ContainerView container, String path, List<Unresolved> all, List<Unresolved> volumes) {
    List<Unresolved> own =
        all.stream()
            .filter(u -> u.isEnvironment() && u.fieldPath().startsWith(path + "."))
            .toList();
    ContainerState state =
        own.isEmpty()
            ? new ContainerState.Waiting(
                "ContainerCreating",
                volumes.isEmpty()
                    ? Optional.empty()
                    : Optional.of(
                        "waiting to mount: "
                            + volumes.stream()
                                .map(Unresolved::what)
                                .distinct()
                                .collect(Collectors.joining(", "))))
            : new ContainerState.Waiting(
                "CreateContainerConfigError",
                Optional.of(
                    own.stream()
                        .map(u -> u.what() + " not found")
                        .distinct()
                        .collect(Collectors.joining("; "))));
    return new ContainerStatus.Builder()
        .name(container.name())
        .image(container.image())
        .ready(false)
        .started(false)
        .restartCount(0)
        .state(state)
        .build();
  }

  private static List<ContainerStatus> gone(
      List<ContainerView> containers, Optional<List<ContainerStatus>> last, ContainerState gone) {
    return containers.stream()
        .map(
            container -> {
              Optional<ContainerStatus> before =
                  last.flatMap(
                      l -> l.stream().filter(s -> s.name().equals(container.name())).findFirst());
              return (ContainerStatus)
                  new ContainerStatus.Builder()
                      .name(container.name())
                      .image(container.image())
                      .containerId(before.flatMap(ContainerStatus::containerId))
                      .ready(false)
                      .started(false)
                      .restartCount(before.map(ContainerStatus::restartCount).orElse(0))
                      .state(gone)
                      .lastState(
                          before
                              .map(ContainerStatus::state)
                              .filter(s -> !(s instanceof ContainerState.Waiting)))
                      .build();
            })
        .toList();
  }

  private static List<PodCondition> notReadyConditions(PodView pod, String reason, String message) {
    Optional<Instant> created = pod.creationTimestamp();
    return List.of(
        new PodCondition(
            PodCondition.POD_SCHEDULED,
            ConditionStatus.TRUE,
            Optional.empty(),
            Optional.empty(),
            created),
        new PodCondition(
            PodCondition.INITIALIZED,
            ConditionStatus.of(pod.initContainers().isEmpty()),
            pod.initContainers().isEmpty()
                ? Optional.empty()
                : Optional.of("ContainersNotInitialized"),
            Optional.empty(),
            created),
        new PodCondition(
            PodCondition.CONTAINERS_READY,
            ConditionStatus.FALSE,
            Optional.of(reason),
            Optional.of(message),
            created),
        new PodCondition(
            PodCondition.READY,
            ConditionStatus.FALSE,
            Optional.of(reason),
            Optional.of(message),
            created));
  }

  private static ContainerStatus containerStatus(
      String cubeId,
      ContainerView container,
      Optional<CubeContainerStatus> reported,
      ContainerState state,
      Optional<ContainerState> lastState,
      boolean app) {
    boolean created = !(state instanceof ContainerState.Waiting) || lastState.isPresent();
    return new ContainerStatus.Builder()
        .name(container.name())
        .image(container.image())
        .containerId(
            created
                ? Optional.of(ContainerStatus.containerId(cubeId, container.name()))
                : Optional.empty())
        .ready(false)
        .started(app && state instanceof ContainerState.Running)
        .restartCount(reported.map(CubeContainerStatus::restartCount).orElse(0))
        .state(state)
        .lastState(lastState)
        .build();
  }

  /** kubelet's getPhase over the containers' states. */
  private static PodPhase phase(
      PodView pod,
      CubeStatus status,
      boolean initialized,
      boolean initFailed,
      List<ContainerStatus> containers) {
    RestartPolicy policy = pod.restartPolicy();
    if (status.phase() == CubePhase.UNKNOWN
        && status.containerStatuses().isEmpty()
        && status.initContainerStatuses().isEmpty()) {
      return PodPhase.UNKNOWN;
    }
    if (!initialized) {
      return initFailed && policy == RestartPolicy.NEVER ? PodPhase.FAILED : PodPhase.PENDING;
    }
    int running = 0;
    int waiting = 0;
    int stopped = 0;
    int succeeded = 0;
    for (ContainerStatus container : containers) {
      ContainerState state = container.state();
      if (state instanceof ContainerState.Running) {
        running++;
      } else if (state instanceof ContainerState.Terminated terminated) {
        stopped++;
        if (terminated.exitCode() == 0) {
          succeeded++;
        }
      } else if (container
          .lastState()
          .filter(s -> s instanceof ContainerState.Terminated)
          .isPresent()) {
        stopped++;
        // A container waiting to restart after a clean exit still counts as succeeded.
        if (container.lastState().get() instanceof ContainerState.Terminated t
            && t.exitCode() == 0) {
          succeeded++;
        }
      } else {
        waiting++;
      }
    }
    if (waiting > 0) {
      return PodPhase.PENDING;
    }
    if (running > 0) {
      return PodPhase.RUNNING;
    }
    if (stopped == containers.size() && stopped > 0) {
      if (policy == RestartPolicy.ALWAYS) {
        return PodPhase.RUNNING;
      }
      if (stopped == succeeded) {
        return PodPhase.SUCCEEDED;
      }
      return policy == RestartPolicy.NEVER ? PodPhase.FAILED : PodPhase.RUNNING;
    }
    return PodPhase.PENDING;
  }

  private static List<PodCondition> conditions(
      PodView pod,
      CubeStatus status,
      List<ContainerStatus> inits,
      List<ContainerStatus> containers,
      boolean initialized,
      Instant started) {
    Optional<Instant> created = pod.creationTimestamp().or(status::startTime);
    Optional<Instant> initializedAt =
        inits.stream()
            .map(ContainerStatus::state)
            .flatMap(
                s ->
                    s instanceof ContainerState.Terminated t
                        ? t.finishedAt().stream()
                        : Stream.empty())
            .max(Comparator.naturalOrder())
            .or(status::startTime)
            .or(() -> created);
    List<String> unready =
        containers.stream().filter(c -> !c.ready()).map(ContainerStatus::name).toList();
    List<String> uninitialized =
        inits.stream()
            .filter(c -> !(c.state() instanceof ContainerState.Terminated t && t.exitCode() == 0))
            .map(ContainerStatus::name)
            .toList();
    boolean ready = unready.isEmpty() && !containers.isEmpty();
    Optional<Instant> readyChanged =
        ready
            ? lastStart(containers).or(status::startTime)
            : lastChange(containers).or(() -> Optional.of(started));
    Optional<String> notReadyReason = ready ? Optional.empty() : Optional.of("ContainersNotReady");
    Optional<String> notReadyMessage =
        ready
            ? Optional.empty()
            : Optional.of("containers with unready status: [" + String.join(" ", unready) + "]");
    return List.of(
        new PodCondition(
            PodCondition.POD_SCHEDULED,
            ConditionStatus.TRUE,
            Optional.empty(),
            Optional.empty(),
            created),
        new PodCondition(
            PodCondition.INITIALIZED,
            ConditionStatus.of(initialized),
            initialized ? Optional.empty() : Optional.of("ContainersNotInitialized"),
            initialized
                ? Optional.empty()
                : Optional.of(
                    "containers with incomplete status: [" + String.join(" ", uninitialized) + "]"),
            initialized ? initializedAt : created),
        new PodCondition(
            PodCondition.CONTAINERS_READY,
            ConditionStatus.of(ready),
            notReadyReason,
            notReadyMessage,
            readyChanged),
        new PodCondition(
            PodCondition.READY,
            ConditionStatus.of(ready),
            notReadyReason,
            notReadyMessage,
            readyChanged));
  }

  private static Optional<Instant> lastStart(List<ContainerStatus> containers) {
    return containers.stream()
        .map(ContainerStatus::state)
        .flatMap(
            s -> s instanceof ContainerState.Running r ? Stream.of(r.startedAt()) : Stream.empty())
        .max(Comparator.naturalOrder());
  }

  private static Optional<Instant> lastChange(List<ContainerStatus> containers) {
    return containers.stream()
        .flatMap(c -> Stream.concat(Stream.of(c.state()), c.lastState().stream()))
        .flatMap(
            s ->
                s instanceof ContainerState.Terminated t ? t.finishedAt().stream() : Stream.empty())
        .max(Comparator.naturalOrder());
  }

  private static boolean containersStarted(CubeStatus status) {
    return switch (status.phase()) {
      case RUNNING, COMPLETED, ERROR, CRASH_LOOP_BACK_OFF -> true;
      case TERMINATING -> status.startTime().isPresent();
      case PENDING,
          CONTAINER_CREATING,
          CREATE_CONTAINER_ERROR,
          ERR_IMAGE_PULL,
          IMAGE_PULL_BACK_OFF,
          UNKNOWN ->
          !status.containerStatuses().isEmpty()
              && status.containerStatuses().stream()
                  .anyMatch(
                      c ->
                          !(c.state() instanceof ContainerState.Waiting)
                              || c.lastState().isPresent());
    };
  }

  /** An init container's state when Cube does not report it: done once the containers started. */
  private static ContainerState derivedInitState(
      CubeStatus status, boolean containersStarted, Instant started, int index) {
    if (containersStarted) {
      return new ContainerState.Terminated(
          0, "Completed", Optional.empty(), Optional.of(started), Optional.empty());
    }
    return new ContainerState.Waiting(
        index == 0 ? "ContainerCreating" : "PodInitializing", Optional.empty());
  }

  /** A container's state when Cube reports only the phase word. */
  private static ContainerState derivedState(CubeStatus status, Instant started) {
    Optional<String> message = status.message();
    return switch (status.phase()) {
      case PENDING, CONTAINER_CREATING ->
          new ContainerState.Waiting("ContainerCreating", Optional.empty());
      case RUNNING -> new ContainerState.Running(started);
      case COMPLETED ->
          new ContainerState.Terminated(
              0, "Completed", message, Optional.of(started), Optional.empty());
      case ERROR ->
          new ContainerState.Terminated(
              UNKNOWN_ERROR_EXIT_CODE, "Error", message, Optional.of(started), Optional.empty());
      case CREATE_CONTAINER_ERROR, CRASH_LOOP_BACK_OFF, ERR_IMAGE_PULL, IMAGE_PULL_BACK_OFF ->
          new ContainerState.Waiting(status.phase().word(), message);
      case TERMINATING ->
          status.startTime().isPresent()
              ? new ContainerState.Running(started)
              : new ContainerState.Waiting("ContainerCreating", Optional.empty());
      case UNKNOWN ->
          new ContainerState.Waiting(
              "ContainerStatusUnknown",
              Optional.of(message.orElse("Cube reported a phase cube-vk does not know")));
    };
  }

  /**
   * A crash-looping container has terminated before, even when Cube does not say how: kubelet's
   * phase rules need that last state to tell a restarting container from one never started.
   */
  private static Optional<ContainerState> derivedLastState(
      CubeStatus status, Optional<CubeContainerStatus> reported, Instant started) {
    boolean crashLooping =
        reported
            .map(
                r ->
                    r.state() instanceof ContainerState.Waiting w
                        && w.reason().equals("CrashLoopBackOff"))
            .orElse(status.phase() == CubePhase.CRASH_LOOP_BACK_OFF);
    if (!crashLooping) {
      return Optional.empty();
    }
    return Optional.of(
        new ContainerState.Terminated(
            UNKNOWN_ERROR_EXIT_CODE,
            "Error",
            Optional.empty(),
            Optional.of(started),
            Optional.empty()));
  }

  private static Optional<CubeContainerStatus> find(
      List<CubeContainerStatus> statuses, String name) {
    return statuses.stream().filter(s -> Objects.equals(s.name(), name)).findFirst();
  }
}
