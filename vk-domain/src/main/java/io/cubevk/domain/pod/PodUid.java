package io.cubevk.domain.pod;

/**
 * A Kubernetes Pod's {@code metadata.uid}: the identity that ties a Pod to its Cube. A pod
 * re-created under the same name is a different pod with a different uid, so Cubes are always
 * matched on it.
 *
 * @param value the uid as the API server assigned it
 */
public record PodUid(String value) {

  public PodUid {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a pod uid cannot be empty");
    }
  }

  public static PodUid of(String value) {
    return new PodUid(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
