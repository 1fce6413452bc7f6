package io.cubevk.adapter.k8s.cluster;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.status.ContainerStatus;
import io.cubevk.domain.status.PodCondition;
import io.cubevk.domain.status.PodStatus;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The domain's {@link PodStatus} as a {@link V1PodStatus}, the way kubelet writes one: times in
 * whole seconds (metav1.Time's precision, so what is written compares equal to what is read back),
 * {@code imageID} always present, {@code lastState} an empty object when there is none.
 *
 * <p>Conditions are merged into the pod's current ones: a condition whose status did not change
 * keeps its {@code lastTransitionTime}, and conditions cube-vk does not own (a readiness gate, the
 * scheduler's) stay where they are.
 */
final class PodStatusMapper {

  private PodStatusMapper() {}

  /**
   * @param current the status the pod has now (the informer's copy), or null
   */
  static V1PodStatus toV1(PodStatus status, V1PodStatus current) {
    V1PodStatus out = new V1PodStatus().phase(status.phase().word());
    status.reason().ifPresent(out::reason);
    status.message().ifPresent(out::message);
    status
        .podIp()
        .ifPresent(ip -> out.podIP(ip).podIPs(new ArrayList<>(List.of(new V1PodIP().ip(ip)))));
    status.startTime().map(PodStatusMapper::time).ifPresent(out::startTime);
    out.conditions(
        conditions(status.conditions(), current == null ? null : current.getConditions()));
    out.initContainerStatuses(containers(status.initContainerStatuses()));
    out.containerStatuses(containers(status.containerStatuses()));
    return out;
  }

  /** A time as the API server keeps it: UTC, whole seconds. */
  static OffsetDateTime time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC);
  }

  private static List<V1PodCondition> conditions(
      List<PodCondition> desired, List<V1PodCondition> current) {
    List<V1PodCondition> merged = new ArrayList<>(current == null ? List.of() : current);
    for (PodCondition condition : desired) {
      V1PodCondition mapped =
          new V1PodCondition()
              .type(condition.type())
              .status(condition.status().word())
              .reason(condition.reason().orElse(null))
              .message(condition.message().orElse(null))
              .lastTransitionTime(
                  condition.lastTransitionTime().map(PodStatusMapper::time).orElse(null));
      int index = indexOf(merged, condition.type());
      if (index < 0) {
        merged.add(mapped);
        continue;
      }
      V1PodCondition before = merged.get(index);
      if (Objects.equals(before.getStatus(), mapped.getStatus())) {
        // Unchanged status: the transition happened when it happened, whatever the Cube says now.
        mapped.lastTransitionTime(before.getLastTransitionTime());
        mapped.lastProbeTime(before.getLastProbeTime());
      }
      merged.set(index, mapped);
    }
    return merged;
  }

  private static int indexOf(List<V1PodCondition> conditions, String type) {
    for (int i = 0; i < conditions.size(); i++) {
      if (type.equals(conditions.get(i).getType())) {
        return i;
      }
    }
    return -1;
  }

  private static List<V1ContainerStatus> containers(List<ContainerStatus> statuses) {
    List<V1ContainerStatus> out = new ArrayList<>();
    for (ContainerStatus status : statuses) {
      out.add(
          new V1ContainerStatus()
              .name(status.name())
              .image(status.image())
              .imageID("")
              .containerID(status.containerId().orElse(null))
              .ready(status.ready())
              .started(status.started())
              .restartCount(status.restartCount())
              .state(state(Optional.of(status.state())))
              .lastState(state(status.lastState())));
    }
    return out;
  }

  private static V1ContainerState state(Optional<ContainerState> state) {
    V1ContainerState out = new V1ContainerState();
    if (state.isEmpty()) {
      return out;
    }
    ContainerState s = state.get();
    if (s instanceof ContainerState.Running running) {
      out.running(new V1ContainerStateRunning().startedAt(time(running.startedAt())));
    } else if (s instanceof ContainerState.Waiting waiting) {
      out.waiting(
          new V1ContainerStateWaiting()
              .reason(waiting.reason())
              .message(waiting.message().orElse(null)));
    } else if (s instanceof ContainerState.Terminated terminated) {
      out.terminated(
          new V1ContainerStateTerminated()
              .exitCode(terminated.exitCode())
              .reason(terminated.reason())
              .message(terminated.message().orElse(null))
              .startedAt(terminated.startedAt().map(PodStatusMapper::time).orElse(null))
              .finishedAt(terminated.finishedAt().map(PodStatusMapper::time).orElse(null)));
    }
    return out;
  }
}
