package io.cubevk.domain.pod;

import java.util.Objects;

/** One entry of a container's {@code envFrom}: every key of a ConfigMap or Secret as a variable. */
public sealed interface EnvFromSource permits EnvFromSource.ConfigMapEnv, EnvFromSource.SecretEnv {

  /** The ConfigMap or Secret name. */
  String name();

  /** Prepended to every key to make the variable's name (empty when not set). */
  String prefix();

  /** Whether a missing source is skipped instead of waited for. */
  boolean optional();

  /**
   * {@code envFrom[].configMapRef}.
   *
   * @param name the ConfigMap's name
   * @param prefix the variable name prefix, empty when unset
   * @param optional whether a missing ConfigMap is skipped
   */
  record ConfigMapEnv(String name, String prefix, boolean optional) implements EnvFromSource {
    public ConfigMapEnv {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  /**
   * {@code envFrom[].secretRef}.
   *
   * @param name the Secret's name
   * @param prefix the variable name prefix, empty when unset
   * @param optional whether a missing Secret is skipped
   */
  record SecretEnv(String name, String prefix, boolean optional) implements EnvFromSource {
    public SecretEnv {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(prefix, "prefix");
    }
  }
}
