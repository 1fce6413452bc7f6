package io.cubevk.domain.cube;

import java.util.Optional;

/** Where a container sees one of the Cube's volumes. */
public record CubeVolumeMount(
    String name, String mountPath, boolean readOnly, Optional<String> subPath) {

  public static CubeVolumeMount of(String name, String mountPath, boolean readOnly) {
    return new CubeVolumeMount(name, mountPath, readOnly, Optional.empty());
  }
}
