package io.cubevk.domain.pod;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a container's {@code env}: a literal value or a reference.
 *
 * @param name the variable's name
 * @param value the literal value (may contain {@code $(VAR)} references kubelet expands)
 * @param valueFrom where the value comes from instead; when neither is set the value is empty
 */
public record EnvVar(String name, Optional<String> value, Optional<EnvVarSource> valueFrom) {

  public EnvVar {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(valueFrom, "valueFrom");
  }

  /** {@code name: value}. */
  public static EnvVar of(String name, String value) {
    return new EnvVar(name, Optional.of(value), Optional.empty());
  }

  /** {@code name} with {@code valueFrom: source}. */
  public static EnvVar from(String name, EnvVarSource source) {
    return new EnvVar(name, Optional.empty(), Optional.of(source));
  }
}
