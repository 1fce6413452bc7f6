package io.cubevk.domain.pod;

import java.util.Objects;

/**
 * One of a pod's {@code volumes}.
 *
 * @param name the volume's name, referred to by volume mounts
 * @param source what backs it
 */
public record Volume(String name, VolumeSource source) {

  public Volume {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
  }
}
