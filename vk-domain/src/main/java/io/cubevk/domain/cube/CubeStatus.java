package io.cubevk.domain.cube;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What Cube reports about a Cube in the stored document's {@code status}: the phase word, the VPC
 * address, the start time and per-container states. The exact fields are an assumption shared by
 * the adapter and the emulator (cube-api.md, "Assumptions").
 */
@Value.Immutable
public abstract class CubeStatus {

  public abstract CubePhase phase();

  /** The Cube's VPC address, once assigned. */
  public abstract Optional<String> podIp();

  public abstract Optional<Instant> startTime();

  public abstract List<CubeContainerStatus> initContainerStatuses();

  public abstract List<CubeContainerStatus> containerStatuses();

  /** Cube's explanation of the phase, if it gives one. */
  public abstract Optional<String> message();

  public static CubeStatus of(CubePhase phase) {
    return new Builder().phase(phase).build();
  }

  public static class Builder extends ImmutableCubeStatus.Builder {}
}
