package io.cubevk.domain.translation;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine needs to know about a PersistentVolume: the translation, to mount it; the node
 * drain, to know whether a UDisk may be deleted with its node.
 *
 * @param name the PersistentVolume's name
 * @param csiDriver {@code spec.csi.driver}, for CSI volumes
 * @param volumeHandle {@code spec.csi.volumeHandle}: for UDisk CSI volumes, the disk id
 * @param fsType {@code spec.csi.fsType}
 * @param nfsServer {@code spec.nfs.server}, for NFS volumes
 * @param nfsPath {@code spec.nfs.path}
 * @param mountOptions {@code spec.mountOptions}
 * @param kind the volume source's field name ({@code csi}, {@code nfs}, {@code hostPath}, …)
 * @param reclaimPolicy {@code spec.persistentVolumeReclaimPolicy} ({@code Delete}, {@code Retain},
 *     {@code Recycle}); empty when not known
 * @param diskType the UDisk type ({@code ssd}, {@code sata}, {@code rssd}, …): the {@code type}
 *     volume attribute the UDisk CSI driver carries over from its StorageClass's parameters
 */
public record PersistentVolumeFacts(
    String name,
    Optional<String> csiDriver,
    Optional<String> volumeHandle,
    Optional<String> fsType,
    Optional<String> nfsServer,
    Optional<String> nfsPath,
    List<String> mountOptions,
    String kind,
    Optional<String> reclaimPolicy,
    Optional<String> diskType) {

  /** The CSI driver of UCloud disks. */
  public static final String UDISK_CSI_DRIVER = "udisk.csi.ucloud.cn";

  /** The reclaim policy that keeps a volume (and its disk) when its claim or node goes. */
  public static final String RETAIN = "Retain";

  public PersistentVolumeFacts {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(csiDriver, "csiDriver");
    Objects.requireNonNull(volumeHandle, "volumeHandle");
    Objects.requireNonNull(fsType, "fsType");
    Objects.requireNonNull(nfsServer, "nfsServer");
    Objects.requireNonNull(nfsPath, "nfsPath");
    mountOptions = List.copyOf(mountOptions);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reclaimPolicy, "reclaimPolicy");
    Objects.requireNonNull(diskType, "diskType");
  }

  /**
   * The facts without reclaim policy and disk type, as adapters written before they were known
   * build them.
   */
  public PersistentVolumeFacts(
      String name,
      Optional<String> csiDriver,
      Optional<String> volumeHandle,
      Optional<String> fsType,
      Optional<String> nfsServer,
      Optional<String> nfsPath,
      List<String> mountOptions,
      String kind) {
    this(
        name,
        csiDriver,
        volumeHandle,
        fsType,
        nfsServer,
        nfsPath,
        mountOptions,
        kind,
        Optional.empty(),
        Optional.empty());
  }

  /** A UDisk CSI volume with the default reclaim policy of provisioned volumes (Delete). */
  public static PersistentVolumeFacts udisk(String name, String diskId, String fsType) {
    return udisk(name, diskId, fsType, "Delete", Optional.empty());
  }

  /** A UDisk CSI volume. */
  public static PersistentVolumeFacts udisk(
      String name, String diskId, String fsType, String reclaimPolicy, Optional<String> diskType) {
    return new PersistentVolumeFacts(
        name,
        Optional.of(UDISK_CSI_DRIVER),
        Optional.of(diskId),
        Optional.of(fsType),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        "csi",
        Optional.of(reclaimPolicy),
        diskType);
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
        "nfs",
        Optional.empty(),
        Optional.empty());
  }

  /** Whether this is a volume of the UDisk CSI driver. */
  public boolean isUDisk() {
    return csiDriver.filter(UDISK_CSI_DRIVER::equals).isPresent();
  }

  /**
   * Whether the volume's data must outlive its claim and its node: reclaim policy Retain. An
   * unknown policy is not Retain: the seed deletes a node's disks "by default".
   */
  public boolean retained() {
    return reclaimPolicy.filter(p -> p.equalsIgnoreCase(RETAIN)).isPresent();
  }

  /** Whether the disk is an RSSD (RDMA) UDisk, which Cube may fail to mount. */
  public boolean isRssd() {
    return diskType.filter(t -> t.toLowerCase(Locale.ROOT).startsWith("rssd")).isPresent();
  }
}
