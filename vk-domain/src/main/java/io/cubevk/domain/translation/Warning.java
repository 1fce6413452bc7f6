package io.cubevk.domain.translation;

import java.util.Objects;

/**
 * Something the pod's owner should know but that does not stop the Cube from being created: an
 * image Cube probably cannot pull, an annotation that is ignored, a placeholder standing in for an
 * input that was not resolved.
 *
 * @param fieldPath the field concerned, from the pod's root
 * @param message what may go wrong and why
 */
public record Warning(String fieldPath, String message) {

  public Warning {
    Objects.requireNonNull(fieldPath, "fieldPath");
    Objects.requireNonNull(message, "message");
  }

  /** The same warning with its path below {@code prefix}. */
  public Warning under(String prefix) {
    return new Warning(FieldPaths.join(prefix, fieldPath), message);
  }

  @Override
  public String toString() {
    return fieldPath + ": " + message;
  }
}
