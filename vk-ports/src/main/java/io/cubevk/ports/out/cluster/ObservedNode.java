package io.cubevk.ports.out.cluster;

import java.util.Map;
import java.util.Set;
import org.immutables.value.Value;

/** A Node object as the informer last saw it: what the node controller decides on. */
@Value.Immutable
public abstract class ObservedNode {

  public abstract String name();

  public abstract String uid();

  public abstract Map<String, String> labels();

  /** {@code spec.unschedulable}: set by {@code kubectl cordon}, which disables a virtual node. */
  public abstract boolean unschedulable();

  /** {@code metadata.deletionTimestamp} is set: someone asked to delete the node. */
  public abstract boolean beingDeleted();

  public abstract Set<String> finalizers();

  public static class Builder extends ImmutableObservedNode.Builder {}
}
