package io.cubevk.domain.pod;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of a downwardAPI volume (or projection).
 *
 * @param path the file's path relative to the mount point
 * @param source the pod field or container resource written into it
 * @param mode the file's mode, if set
 */
public record DownwardApiFile(String path, DownwardApiSource source, Optional<Integer> mode) {

  public DownwardApiFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(mode, "mode");
  }
}
