package io.cubevk.domain.status;

import io.cubevk.domain.pod.PodPhase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.immutables.value.Value;

/** A pod's {@code status} as cube-vk reports it; the Kubernetes adapter writes it to the pod. */
@Value.Immutable
public abstract class PodStatus {

  public abstract PodPhase phase();

  /** A CamelCase reason for the phase ({@code ProviderFailed}, {@code OutOfpods}, …). */
  public abstract Optional<String> reason();

  public abstract Optional<String> message();

  /** The Cube's VPC address. */
  public abstract Optional<String> podIp();

  public abstract Optional<Instant> startTime();

  public abstract List<PodCondition> conditions();

  public abstract List<ContainerStatus> initContainerStatuses();

  public abstract List<ContainerStatus> containerStatuses();

  /** The condition of a type, if reported. */
  public Optional<PodCondition> condition(String type) {
    return conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /** The Cube id this status names in its container ids, if any: proof a Cube once existed. */
  public Optional<String> cubeId() {
    return Stream.concat(initContainerStatuses().stream(), containerStatuses().stream())
        .map(ContainerStatus::containerId)
        .flatMap(Optional::stream)
        .map(ContainerStatus::cubeIdOf)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** Builds a {@link PodStatus}. */
  public static class Builder extends ImmutablePodStatus.Builder {}
}
