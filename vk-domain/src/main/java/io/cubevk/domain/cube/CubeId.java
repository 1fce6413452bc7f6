package io.cubevk.domain.cube;

/**
 * The id UCloud gives a Cube instance ({@code cube-…}).
 *
 * @param value the id as the cloud returned it
 */
public record CubeId(String value) {

  public CubeId {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a cube id cannot be empty");
    }
  }

  public static CubeId of(String value) {
    return new CubeId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
