package io.cubevk.domain.pod;

import java.util.Objects;
import java.util.Optional;

/**
 * An item of a configMap, secret or projected volume: which key lands in which file.
 *
 * @param key the key in the ConfigMap or Secret
 * @param path the file's path relative to the mount point
 * @param mode the file's mode, if set
 */
public record KeyToPath(String key, String path, Optional<Integer> mode) {

  public KeyToPath {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(mode, "mode");
  }

  public static KeyToPath of(String key, String path) {
    return new KeyToPath(key, path, Optional.empty());
  }
}
