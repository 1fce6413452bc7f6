package io.cubevk.domain.cube;

import io.cubevk.domain.pod.PodUid;
import org.immutables.value.Value;

/** A Cube as the cloud reported it at one moment: its id, the document it runs and its status. */
@Value.Immutable
public abstract class ObservedCube {

  public abstract CubeId cubeId();

  public abstract CubeSpec spec();

  public abstract CubeStatus status();

  /** The Kubernetes pod the Cube belongs to. */
  public PodUid podUid() {
    return spec().podUid();
  }

  public static ObservedCube of(CubeId cubeId, CubeSpec spec, CubeStatus status) {
    return new Builder().cubeId(cubeId).spec(spec).status(status).build();
  }

  /**
   * The observation a stored document describes.
   *
   * @throws IllegalArgumentException when the document lacks the cube id the service adds
   */
  public static ObservedCube of(CubeDocument stored) {
    CubeId id =
        stored
            .cubeId()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "stored Cube document of pod "
                            + stored.spec().podUid()
                            + " has no metadata.cubeId"));
    return of(id, stored.spec(), stored.status().orElse(CubeStatus.of(CubePhase.PENDING)));
  }

  public static class Builder extends ImmutableObservedCube.Builder {}
}
