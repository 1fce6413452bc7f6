package io.cubevk.adapter.fake.apiserver.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One committed change (or a synthetic initial ADDED, or a BOOKMARK) with the object as stored. The
 * object is shared by every watcher and listener and must never be modified; its JSON bytes are
 * computed once and reused by every watch stream, which keeps fan-out linear.
 */
public final class StoreEvent {
  private final String type;
  private final ResourceType resource;
  private final ObjectNode object;
  private final ObjectNode previous;
  private final long resourceVersion;
  private volatile byte[] bytes;

  StoreEvent(
      String type,
      ResourceType resource,
      ObjectNode object,
      ObjectNode previous,
      long resourceVersion) {
    this.type = type;
    this.resource = resource;
    this.object = object;
    this.previous = previous;
    this.resourceVersion = resourceVersion;
  }

  /** ADDED, MODIFIED, DELETED or BOOKMARK. */
  public String type() {
    return type;
  }

  /** The stored resource the object belongs to. */
  public ResourceType resource() {
    return resource;
  }

  /** The object after the change (for DELETED: as it was deleted). Read-only. */
  public ObjectNode object() {
    return object;
  }

  /** The object before the change, or null for ADDED and synthetic events. Read-only. */
  public ObjectNode previous() {
    return previous;
  }

  /** The resourceVersion of this change. */
  public long resourceVersion() {
    return resourceVersion;
  }

  /** The object's JSON, serialised once for all watchers. */
  public byte[] objectBytes() {
    byte[] b = bytes;
    if (b == null) {
      b = Json.bytes(object);
      bytes = b;
    }
    return b;
  }
}
