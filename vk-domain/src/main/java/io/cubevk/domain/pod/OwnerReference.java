package io.cubevk.domain.pod;

import java.util.Objects;

/**
 * One of a pod's {@code metadata.ownerReferences}.
 *
 * @param apiVersion the owner's API version, e.g. {@code apps/v1}
 * @param kind the owner's kind, e.g. {@code ReplicaSet} or {@code DaemonSet}
 * @param name the owner's name
 * @param uid the owner's UID
 * @param controller whether this owner is the pod's managing controller
 */
public record OwnerReference(
    String apiVersion, String kind, String name, String uid, boolean controller) {

  public OwnerReference {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
  }

  /** Whether this is the controlling reference of a DaemonSet. */
  public boolean isDaemonSetController() {
    return controller && "DaemonSet".equals(kind) && apiVersion.startsWith("apps/");
  }
}
