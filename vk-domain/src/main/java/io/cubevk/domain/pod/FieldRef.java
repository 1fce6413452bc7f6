package io.cubevk.domain.pod;

import java.util.Objects;

/**
 * A downward-API reference to a field of the pod ({@code metadata.name}, {@code
 * metadata.labels['app']}, {@code status.podIP}, …), in env or in a downwardAPI volume.
 *
 * @param fieldPath the referenced field, as written in the pod
 */
public record FieldRef(String fieldPath) implements EnvVarSource, DownwardApiSource {

  public FieldRef {
    Objects.requireNonNull(fieldPath, "fieldPath");
  }
}
