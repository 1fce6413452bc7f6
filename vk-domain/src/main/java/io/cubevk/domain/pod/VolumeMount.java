package io.cubevk.domain.pod;

import java.util.Objects;
import java.util.Optional;

/**
 * One of a container's {@code volumeMounts}.
 *
 * @param name the pod volume mounted
 * @param mountPath where it appears in the container
 * @param readOnly whether it is mounted read-only
 * @param subPath the sub-path of the volume mounted instead of its root, if set
 */
public record VolumeMount(
    String name, String mountPath, boolean readOnly, Optional<String> subPath) {

  public VolumeMount {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mountPath, "mountPath");
    Objects.requireNonNull(subPath, "subPath");
  }

  /** A read-write mount of the whole volume. */
  public static VolumeMount of(String name, String mountPath) {
    return new VolumeMount(name, mountPath, false, Optional.empty());
  }
}
