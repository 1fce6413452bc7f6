package io.cubevk.domain.cube;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * A Cube document as it travels: the spec the agent sends, and as the cloud stores it, with the
 * {@code metadata.cubeId} and the {@code status} the service adds.
 */
@Value.Immutable
public abstract class CubeDocument {

  public abstract CubeSpec spec();

  public abstract Optional<CubeId> cubeId();

  public abstract Optional<CubeStatus> status();

  public static CubeDocument of(CubeSpec spec) {
    return new Builder().spec(spec).build();
  }

  public static CubeDocument stored(CubeSpec spec, CubeId cubeId, CubeStatus status) {
    return new Builder().spec(spec).cubeId(cubeId).status(status).build();
  }

  public static class Builder extends ImmutableCubeDocument.Builder {}
}
