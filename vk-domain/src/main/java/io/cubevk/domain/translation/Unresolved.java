package io.cubevk.domain.translation;

import java.util.Objects;

/**
 * An input a pod refers to that does not exist yet (a Secret, a ConfigMap or one of its keys, a
 * PersistentVolumeClaim that is missing or unbound, a pull secret, a service-account token).
 *
 * <p>Unlike a {@link Violation} this is not the pod's fault for good: kubelet keeps such a pod
 * Pending ({@code CreateContainerConfigError} for env, {@code FailedMount} for volumes) and
 * retries, and so does cube-vk.
 *
 * @param fieldPath the field that refers to the input, from the pod's root
 * @param what the missing input as a person names it, e.g. {@code secret "db" (key "password")}
 */
public record Unresolved(String fieldPath, String what) {

  public Unresolved {
    Objects.requireNonNull(fieldPath, "fieldPath");
    Objects.requireNonNull(what, "what");
  }

  /** Whether the reference is in a container's environment rather than in a volume. */
  public boolean isEnvironment() {
    return fieldPath.contains(".env[") || fieldPath.contains(".envFrom[");
  }

  /** The same input with its path below {@code prefix}. */
  public Unresolved under(String prefix) {
    return new Unresolved(FieldPaths.join(prefix, fieldPath), what);
  }

  @Override
  public String toString() {
    return fieldPath + ": " + what + " does not exist yet";
  }
}
