package io.cubevk.domain.annotation;

import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.translation.Violation;
import io.cubevk.domain.translation.Warning;
import java.util.List;
import java.util.Objects;

/**
 * What a pod's {@code cube.ucloud.cn/cube-*} annotations say.
 *
 * @param options the options; when there are violations, the bad values are replaced by their
 *     defaults and the options must not be used to create a Cube
 * @param violations every bad value, each naming its annotation
 * @param warnings annotations that have no effect
 */
public record ParsedAnnotations(
    CubeOptions options, List<Violation> violations, List<Warning> warnings) {

  public ParsedAnnotations {
    Objects.requireNonNull(options, "options");
    violations = List.copyOf(violations);
    warnings = List.copyOf(warnings);
  }

  /** Whether every annotation was acceptable. */
  public boolean isValid() {
    return violations.isEmpty();
  }
}
