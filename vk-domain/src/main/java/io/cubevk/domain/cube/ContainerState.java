package io.cubevk.domain.cube;

import java.time.Instant;
import java.util.Optional;

/** A container's state as Cube reports it, in Kubernetes' three shapes. */
public sealed interface ContainerState {

  /** The container runs since {@code startedAt}. */
  record Running(Instant startedAt) implements ContainerState {}

  /**
   * The container does not run yet (or again), for {@code reason}: ErrImagePull, CrashLoopBackOff…
   */
  record Waiting(String reason, Optional<String> message) implements ContainerState {}

  /** The container ended with {@code exitCode}; {@code reason} is Completed, Error, OOMKilled… */
  record Terminated(
      int exitCode,
      String reason,
      Optional<String> message,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt)
      implements ContainerState {}
}
