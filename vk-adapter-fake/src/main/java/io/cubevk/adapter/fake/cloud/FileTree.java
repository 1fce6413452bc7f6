package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.CubeVolumeMount;
import io.cubevk.domain.cube.FileBytes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a container sees of its file system in the fake: the files of its mounted configMap and
 * secret volumes at their mount paths (a {@code subPath} mount is the one file), empty directories
 * for its other volumes, and the directories above them. Nothing else exists.
 */
final class FileTree {

  private final Map<String, FileBytes> files;
  private final Map<String, SortedSet<String>> directories;

  private FileTree(Map<String, FileBytes> files, Map<String, SortedSet<String>> directories) {
    this.files = files;
    this.directories = directories;
  }

  static FileTree of(CubeSpec spec, CubeContainer container) {
    Map<String, CubeVolume> volumes = new HashMap<>();
    spec.volumes().forEach(v -> volumes.put(v.name(), v));
    Map<String, FileBytes> files = new TreeMap<>();
    Map<String, SortedSet<String>> dirs = new HashMap<>();
    dirs.put("/", new TreeSet<>());
    for (CubeVolumeMount mount : container.volumeMounts()) {
      CubeVolume volume = volumes.get(mount.name());
      String at = normalize("/", mount.mountPath());
      if (volume instanceof CubeVolume.Files f) {
        if (mount.subPath().isPresent()) {
          FileBytes content = f.items().get(mount.subPath().get());
          if (content != null) {
            addFile(files, dirs, at, content);
          }
        } else {
          addDirectory(dirs, at);
          f.items().forEach((name, content) -> addFile(files, dirs, at + "/" + name, content));
        }
      } else if (volume != null) {
        addDirectory(dirs, at);
      }
    }
    return new FileTree(files, dirs);
  }

  Optional<FileBytes> read(String path) {
    return Optional.ofNullable(files.get(path));
  }

  boolean isDirectory(String path) {
    return directories.containsKey(path);
  }

  /** The names in a directory, sorted; empty when it is not a directory. */
  Optional<SortedSet<String>> list(String path) {
    return Optional.ofNullable(directories.get(path));
  }

  /** An absolute, normalised path: {@code .} and {@code ..} resolved, no trailing slash. */
  static String normalize(String workingDir, String path) {
    String full = path.startsWith("/") ? path : workingDir + "/" + path;
    Deque<String> parts = new ArrayDeque<>();
    for (String p : full.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(p);
      }
    }
    return "/" + String.join("/", parts);
  }

  private static void addFile(
      Map<String, FileBytes> files,
      Map<String, SortedSet<String>> dirs,
      String path,
      FileBytes content) {
    files.put(path, content);
    int slash = path.lastIndexOf('/');
    String parent = slash == 0 ? "/" : path.substring(0, slash);
    addDirectory(dirs, parent);
    dirs.get(parent).add(path.substring(slash + 1));
  }

  private static void addDirectory(Map<String, SortedSet<String>> dirs, String path) {
    if (dirs.containsKey(path)) {
      return;
    }
    dirs.put(path, new TreeSet<>());
    if (!path.equals("/")) {
      int slash = path.lastIndexOf('/');
      String parent = slash == 0 ? "/" : path.substring(0, slash);
      addDirectory(dirs, parent);
      dirs.get(parent).add(path.substring(slash + 1));
    }
  }
}
