package io.cubevk.domain.cube;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One container of a Cube. Cube needs explicit limits on every container and plain env values;
 * {@code command} empty keeps the image's entrypoint (with {@code args} as its arguments), as
 * Docker and kubelet do.
 */
@Value.Immutable
public abstract class CubeContainer {

  /** Cube accepts container names matching this pattern. */
  public static final String NAME_PATTERN = "^[a-zA-Z0-9-_]{1,32}$";

  public abstract String name();

  public abstract String image();

  public abstract List<String> command();

  public abstract List<String> args();

  public abstract List<CubeEnvVar> env();

  public abstract Optional<String> workingDir();

  public abstract List<CubePort> ports();

  public abstract List<CubeVolumeMount> volumeMounts();

  public abstract CubeResources limits();

  public static class Builder extends ImmutableCubeContainer.Builder {}
}
