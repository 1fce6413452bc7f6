package io.cubevk.domain.cube;

import java.util.Optional;
import org.immutables.value.Value;

/** One container's status in a Cube: its current and previous state and how often it restarted. */
@Value.Immutable
public abstract class CubeContainerStatus {

  public abstract String name();

  @Value.Default
  public int restartCount() {
    return 0;
  }

  public abstract ContainerState state();

  public abstract Optional<ContainerState> lastState();

  public static class Builder extends ImmutableCubeContainerStatus.Builder {}
}
