package io.cubevk.adapter.fake.storage;

import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import java.util.Objects;

/**
 * UDisk storage for the sandbox, installed into an in-process API server over a fake cloud: what
 * the {@code udisk.csi.ucloud.cn} CSI driver, the PersistentVolume controller and the scheduler's
 * volume binding do on a UK8S cluster, so the seed's "StorageClass + PVC + Pod" example runs
 * unchanged.
 *
 * <ul>
 *   <li>A claim of a StorageClass whose provisioner is {@value #DRIVER} gets a PersistentVolume
 *       {@code pvc-<claim uid>} with a new disk ({@code bsm-…}) of the fake cloud's disk inventory
 *       as its {@code volumeHandle}, the class's {@code fsType} (default ext4), its {@code type}
 *       parameter as the volume attribute {@code type}, its reclaim policy (default Delete) and
 *       mount options: at once for {@code Immediate} classes; for {@code WaitForFirstConsumer} once
 *       a pod using the claim has a {@code spec.nodeName}, after setting the claim's {@value
 *       #SELECTED_NODE} annotation as the scheduler does.
 *   <li>Claims and volumes are bound both ways (the volume's {@code claimRef}, the claim's {@code
 *       volumeName}, both {@code Bound}); an existing volume that matches a claim (class, access
 *       modes, size, volume mode, selector, or a {@code claimRef}/{@code volumeName} naming it) is
 *       bound before anything is provisioned. A static volume of the UDisk driver stands for a disk
 *       the account already has, so its handle is registered in the inventory.
 *   <li>When its claim is gone a volume is {@code Released}; with reclaim policy Delete, a volume
 *       this provisioner made has its disk deleted (once no Cube holds it any more, as the CSI
 *       driver cannot delete an attached disk) and is deleted; with Retain it stays, and so does
 *       the disk.
 *   <li>Admission: a claim without {@code storageClassName} gets the default class (annotation
 *       {@code storageclass.kubernetes.io/is-default-class: "true"}), and every claim the {@code
 *       kubernetes.io/pvc-protection} finalizer, removed once no running pod uses it.
 * </ul>
 */
public final class UDiskProvisioner {

  /** The CSI driver (and provisioner) name of UCloud disks. */
  public static final String DRIVER = "udisk.csi.ucloud.cn";

  /** The claim annotation the scheduler sets for {@code WaitForFirstConsumer} classes. */
  public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";

  /** The volume annotation naming the provisioner that made it (and may delete it). */
  public static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

  private final StorageController controller;

  private UDiskProvisioner(StorageController controller) {
    this.controller = controller;
  }

  /**
   * Installs the admission steps and the controller; works before or after the server started.
   * Install once per server.
   */
  public static UDiskProvisioner install(KubeApiServer server, FakeCubeCloud cloud) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(cloud, "cloud");
    StorageController controller = new StorageController(server.store(), cloud);
    server.store().addAdmission(new ClaimAdmission());
    server.controllers().add(controller);
    return new UDiskProvisioner(controller);
  }

  /** How many disks this provisioner created, for tests and the sandbox's status line. */
  public int provisioned() {
    return controller.provisioned();
  }
}
