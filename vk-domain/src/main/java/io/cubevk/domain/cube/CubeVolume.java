package io.cubevk.domain.cube;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A volume of the Cube document: one source each, as Cube supports them. Kubernetes volume kinds
 * that Cube lacks (hostPath, projected, downwardAPI…) never reach this type: the translation either
 * flattens them into {@link Files} or reports them as violations.
 */
public sealed interface CubeVolume {

  /** The volume's name, referenced by container volume mounts. */
  String name();

  /** Scratch space that lives as long as the Cube. */
  record EmptyDir(String name) implements CubeVolume {}

  /**
   * An NFS export.
   *
   * @param address {@code host:/path}
   * @param mountOption mount options, e.g. {@code nolock}
   */
  record Nfs(String name, String address, Optional<String> mountOption) implements CubeVolume {}

  /**
   * A UCloud disk attached to the Cube.
   *
   * @param id the disk id ({@code bsm-…}), from the PersistentVolume's volumeHandle
   * @param fs the file system to mount it with (Cube does not support xfs)
   * @param forceFormat whether Cube may format it
   */
  record UDisk(String name, String id, String fs, boolean forceFormat) implements CubeVolume {}

  /**
   * ConfigMap or Secret data carried inline in the document, one entry per file. Cube cannot read
   * the cluster's objects, so the agent resolves them and sends the content.
   *
   * @param kind whether Cube should treat the files as a configMap or a secret
   * @param sourceName the ConfigMap's or Secret's name (informational)
   * @param items file name to content, in file-name order
   */
  record Files(String name, Kind kind, String sourceName, SortedMap<String, FileBytes> items)
      implements CubeVolume {

    public Files {
      items = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(items));
    }

    /** The total size of the files: Cube caps configMap and secret data at 30 MiB per pod. */
    public long totalBytes() {
      return items.values().stream().mapToLong(FileBytes::size).sum();
    }

    /** Which document key carries the files. */
    public enum Kind {
      CONFIG_MAP,
      SECRET
    }
  }
}
