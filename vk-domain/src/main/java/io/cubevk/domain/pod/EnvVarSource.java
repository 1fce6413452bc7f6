package io.cubevk.domain.pod;

import java.util.Objects;

/**
 * Where an environment variable's value comes from ({@code valueFrom}): a Secret key, a ConfigMap
 * key, a pod field or a container resource. Cube only takes plain values, so each is resolved
 * before the Cube is created.
 */
public sealed interface EnvVarSource
    permits EnvVarSource.SecretKey,
        EnvVarSource.ConfigMapKey,
        FieldRef,
        ResourceFieldRef,
        EnvVarSource.Other {

  /**
   * {@code valueFrom.secretKeyRef}.
   *
   * @param name the Secret's name in the pod's namespace
   * @param key the key in the Secret
   * @param optional whether a missing Secret or key leaves the variable unset instead of waiting
   */
  record SecretKey(String name, String key, boolean optional) implements EnvVarSource {
    public SecretKey {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * {@code valueFrom.configMapKeyRef}.
   *
   * @param name the ConfigMap's name in the pod's namespace
   * @param key the key in the ConfigMap
   * @param optional whether a missing ConfigMap or key leaves the variable unset instead of waiting
   */
  record ConfigMapKey(String name, String key, boolean optional) implements EnvVarSource {
    public ConfigMapKey {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * A source this version does not resolve (e.g. {@code fileKeyRef}), kept by its field name so the
   * translation can report it.
   *
   * @param kind the source's field name
   */
  record Other(String kind) implements EnvVarSource {
    public Other {
      Objects.requireNonNull(kind, "kind");
    }
  }
}
