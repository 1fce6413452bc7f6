package io.cubevk.domain.translation;

import java.util.Objects;

/**
 * Something about a pod that Cube can never run: the pod must fail, not wait.
 *
 * @param fieldPath where the problem is, from the pod's root ({@code spec.volumes[0].hostPath},
 *     {@code metadata.annotations['cube.ucloud.cn/cube-eip']})
 * @param message what is wrong: the value and what would be accepted
 */
public record Violation(String fieldPath, String message) {

  public Violation {
    Objects.requireNonNull(fieldPath, "fieldPath");
    Objects.requireNonNull(message, "message");
  }

  /** The same violation with its path below {@code prefix} (e.g. a workload's pod template). */
  public Violation under(String prefix) {
    return new Violation(FieldPaths.join(prefix, fieldPath), message);
  }

  /** {@code path: message}, the form people read in pod messages and on the command line. */
  @Override
  public String toString() {
    return fieldPath + ": " + message;
  }
}
