/**
 * What a cluster's storage machinery does for UCloud disks, for the sandbox and the integration
 * tests: the PersistentVolume controller's binding and reclaiming, the scheduler's volume binding
 * for {@code WaitForFirstConsumer}, the {@code udisk.csi.ucloud.cn} CSI provisioner creating disks
 * in the fake cloud's {@link io.cubevk.adapter.fake.cloud.DiskInventory}, and the admission plugins
 * that set a claim's default StorageClass and its protection finalizer.
 *
 * <p>Install it with {@link io.cubevk.adapter.fake.storage.UDiskProvisioner#install}. It is one
 * level-triggered controller of the API server's controller manager: store events only queue keys
 * ({@code claim/<ns>/<name>}, {@code volume/<name>}, {@code class/<name>}), and every reconcile
 * reads the current objects. What it does and leaves out is in {@code docs/storage-and-tokens.md}.
 */
package io.cubevk.adapter.fake.storage;
