package io.cubevk.app.it;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeEnvVar;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.CubeVolumeMount;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reading what the fake cloud holds of a Cube: its volumes, their mounts, its containers' env. */
final class CubeDocuments {

  private CubeDocuments() {}

  static CubeContainer container(CubeSpec cube, String name) {
    return cube.containers().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the Cube has no container " + name));
  }

  /** The container's environment as a map (the Cube document's values are plain strings). */
  static Map<String, String> env(CubeSpec cube, String container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (CubeEnvVar var : container(cube, container).env()) {
      env.put(var.name(), var.value());
    }
    return env;
  }

  /** The volume mounted at {@code path} in the container, if one is. */
  static Optional<CubeVolume> mountedAt(CubeSpec cube, String container, String path) {
    return container(cube, container).volumeMounts().stream()
        .filter(m -> m.mountPath().equals(path))
        .map(CubeVolumeMount::name)
        .findFirst()
        .flatMap(name -> cube.volumes().stream().filter(v -> v.name().equals(name)).findFirst());
  }

  /** The inline files mounted at {@code path}, failing the test when there are none. */
  static CubeVolume.Files filesAt(CubeSpec cube, String container, String path) {
    CubeVolume volume =
        mountedAt(cube, container, path)
            .orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
    if (volume instanceof CubeVolume.Files files) {
      return files;
    }
    throw new AssertionError(path + " is a " + volume.getClass().getSimpleName() + ", not files");
  }

  /** A UTF-8 file of an inline volume. */
  static String file(CubeVolume.Files files, String name) {
    return Optional.ofNullable(files.items().get(name))
        .map(f -> f.utf8())
        .orElseThrow(() -> new AssertionError("no file " + name + " in " + files.items().keySet()));
  }
}
