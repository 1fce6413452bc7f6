package io.cubevk.ports.out.cloud;

/** UDisks, as deleting a virtual node needs them: its Cubes' disks go with it by default. */
public interface Disks {

  /**
   * Deletes the disk, detaching it first if it is still attached.
   *
   * @throws CloudFailure.NotFound when the disk does not exist
   */
  void delete(String diskId);
}
