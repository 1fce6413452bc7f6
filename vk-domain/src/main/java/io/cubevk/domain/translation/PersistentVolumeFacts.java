package io.cubevk.domain.translation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the translation needs to know about the PersistentVolume a claim is bound to.
 *
 * @param name the PersistentVolume's name
 * @param csiDriver {@code spec.csi.driver}, for CSI volumes
 * @param volumeHandle {@code spec.csi.volumeHandle}: for UDisk CSI volumes, the disk id
 * @param fsType {@code spec.csi.fsType}
 * @param nfsServer {@code spec.nfs.server}, for NFS volumes
 * @param nfsPath {@code spec.nfs.path}
 * @param mountOptions {@code spec.mountOptions}
 * @param kind the volume source's field name ({@code csi}, {@code nfs}, {@code hostPath}, …)
 */
public record PersistentVolumeFacts(
    String name,
    Optional<String> csiDriver,
    Optional<String> volumeHandle,
    Optional<String> fsType,
    Optional<String> nfsServer,
    Optional<String> nfsPath,
    List<String> mountOptions,
    String kind) {

  /** The CSI driver of UCloud disks. */
  public static final String UDISK_CSI_DRIVER = "udisk.csi.ucloud.cn";

  public PersistentVolumeFacts {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(csiDriver, "csiDriver");
    Objects.requireNonNull(volumeHandle, "volumeHandle");
    Objects.requireNonNull(fsType, "fsType");
    Objects.requireNonNull(nfsServer, "nfsServer");
    Objects.requireNonNull(nfsPath, "nfsPath");
    mountOptions = List.copyOf(mountOptions);
    Objects.requireNonNull(kind, "kind");
  }

  /** A UDisk CSI volume. */
  public static PersistentVolumeFacts udisk(String name, String diskId, String fsType) {
    return new PersistentVolumeFacts(
        name,
        Optional.of(UDISK_CSI_DRIVER),
        Optional.of(diskId),
        Optional.of(fsType),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        "csi");
  }

  /** An NFS volume. */
  public static PersistentVolumeFacts nfs(
      String name, String server, String path, List<String> mountOptions) {
    return new PersistentVolumeFacts(
        name,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(server),
        Optional.of(path),
        mountOptions,
        "nfs");
  }
}
