package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The UDisks of the fake cloud, known by id. The sandbox's storage provisioning creates them (as
 * the CSI driver would) before a Cube mounts one; a Cube whose document mounts {@code udisk} X
 * attaches X for its life, and creating a Cube that mounts an unknown or already attached disk is
 * refused. Thread-safe.
 */
public final class DiskInventory {

  private final Ids ids;
  private final Map<String, CubeId> disks = new HashMap<>(); // id -> attached Cube, or null

  DiskInventory(Ids ids) {
    this.ids = ids;
  }

  /** Creates a new, detached disk and returns its id ({@code bsm-…}). */
  public synchronized String create() {
    String id;
    do {
      id = ids.next("bsm");
    } while (disks.containsKey(id));
    disks.put(id, null);
    return id;
  }

  /**
   * Makes a disk with this id known (e.g. a statically provisioned PersistentVolume's handle);
   * registering a known disk again changes nothing.
   */
  public synchronized void register(String diskId) {
    if (diskId == null || diskId.isBlank()) {
      throw new IllegalArgumentException("DiskInventory.register: a disk id cannot be empty");
    }
    disks.putIfAbsent(diskId, null);
  }

  public synchronized boolean exists(String diskId) {
    return disks.containsKey(diskId);
  }

  /** The Cube a disk is attached to. */
  public synchronized Optional<CubeId> attachedTo(String diskId) {
    return Optional.ofNullable(disks.get(diskId));
  }

  public synchronized SortedSet<String> ids() {
    return new TreeSet<>(disks.keySet());
  }

  /** The disks, in id order, with the Cube each is attached to. */
  public synchronized java.util.List<FakeDisk> all() {
    return new TreeSet<>(disks.keySet())
        .stream().map(id -> new FakeDisk(id, Optional.ofNullable(disks.get(id)))).toList();
  }

  /** Attaches all the disks to the Cube, or none: each must exist and be free. */
  synchronized void attachAll(Collection<String> diskIds, CubeId cube) {
    for (String id : diskIds) {
      if (!disks.containsKey(id)) {
        throw ApiError.invalid(
            "Params [Pod] not available: spec.volumes udisk.id "
                + id
                + " does not exist (create the UDisk first)");
      }
      CubeId holder = disks.get(id);
      if (holder != null && !holder.equals(cube)) {
        throw ApiError.invalid(
            "Params [Pod] not available: spec.volumes udisk.id "
                + id
                + " is attached to "
                + holder
                + " (a UDisk attaches to one Cube at a time)");
      }
    }
    diskIds.forEach(id -> disks.put(id, cube));
  }

  /** Detaches whatever of these disks the Cube still holds (Cube deleted or renewed). */
  synchronized void release(Collection<String> diskIds, CubeId cube) {
    for (String id : diskIds) {
      if (cube.equals(disks.get(id))) {
        disks.put(id, null);
      }
    }
  }

  synchronized void detach(String diskId, CubeId cube) {
    if (!disks.containsKey(diskId)) {
      throw ApiError.notFound("UDisk " + diskId + " does not exist");
    }
    CubeId holder = disks.get(diskId);
    if (holder == null || !holder.equals(cube)) {
      throw ApiError.invalid(
          "Params [UHostId] not available: UDisk "
              + diskId
              + (holder == null
                  ? " is not attached"
                  : " is attached to " + holder + ", not " + cube));
    }
    disks.put(diskId, null);
  }

  /** Deletes a disk; with {@code force} a still attached disk is detached first. */
  synchronized void delete(String diskId, boolean force) {
    if (!disks.containsKey(diskId)) {
      throw ApiError.notFound("UDisk " + diskId + " does not exist");
    }
    CubeId holder = disks.get(diskId);
    if (holder != null && !force) {
      throw ApiError.invalid(
          "Params [UDiskId] not available: UDisk "
              + diskId
              + " is attached to "
              + holder
              + "; detach it first (DetachUDisk)");
    }
    disks.remove(diskId);
  }
}
