package io.cubevk.domain.status;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One of a pod's {@code status.conditions}.
 *
 * @param type {@code PodScheduled}, {@code Initialized}, {@code ContainersReady} or {@code Ready}
 * @param status whether it holds
 * @param reason a CamelCase reason when it does not
 * @param message a sentence for people when it does not
 * @param lastTransitionTime when it last changed, from the Cube's timestamps
 */
public record PodCondition(
    String type,
    ConditionStatus status,
    Optional<String> reason,
    Optional<String> message,
    Optional<Instant> lastTransitionTime) {

  public static final String POD_SCHEDULED = "PodScheduled";
  public static final String INITIALIZED = "Initialized";
  public static final String CONTAINERS_READY = "ContainersReady";
  public static final String READY = "Ready";

  public PodCondition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
  }

  /** Whether the condition holds. */
  public boolean isTrue() {
    return status == ConditionStatus.TRUE;
  }
}
