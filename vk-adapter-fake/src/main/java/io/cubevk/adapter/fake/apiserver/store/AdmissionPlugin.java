package io.cubevk.adapter.fake.apiserver.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A mutating and validating step run on every create and update before the object is stored, as
 * admission plugins are on a real server. Runs with the store's write lock held, so it may read the
 * store consistently but must be quick.
 */
@FunctionalInterface
public interface AdmissionPlugin {

  /** What is being done to the object. */
  enum Operation {
    /** A new object. */
    CREATE,
    /** A change to an existing object. */
    UPDATE
  }

  /**
   * Mutates {@code object} in place or throws an {@link ApiException}.
   *
   * @param op create or update
   * @param type the stored resource
   * @param subresource the subresource written ("" for the object itself)
   * @param object the object about to be stored (mutable)
   * @param old the stored object for updates, null for creates (read-only)
   * @param store the store, for lookups
   */
  void admit(
      Operation op,
      ResourceType type,
      String subresource,
      ObjectNode object,
      ObjectNode old,
      Store store);
}
