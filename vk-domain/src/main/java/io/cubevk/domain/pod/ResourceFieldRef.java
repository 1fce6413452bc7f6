package io.cubevk.domain.pod;

import java.util.Objects;
import java.util.Optional;

/**
 * A downward-API reference to a container's resources ({@code limits.cpu}, {@code requests.memory},
 * …), in env or in a downwardAPI volume.
 *
 * @param containerName the container whose resources are read; empty means the container the env
 *     belongs to (required in volumes)
 * @param resource {@code limits.cpu}, {@code limits.memory}, {@code requests.cpu}, {@code
 *     requests.memory}, or the ephemeral-storage equivalents
 * @param divisor the quantity the value is divided by, if set (default 1)
 */
public record ResourceFieldRef(
    Optional<String> containerName, String resource, Optional<String> divisor)
    implements EnvVarSource, DownwardApiSource {

  public ResourceFieldRef {
    Objects.requireNonNull(containerName, "containerName");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(divisor, "divisor");
  }
}
