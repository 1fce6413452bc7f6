package io.cubevk.domain.node;

import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/**
 * What the virtual node's Node object should look like; the Kubernetes adapter writes it as a
 * {@code V1Node} and the engine compares it with what the cluster holds.
 */
@Value.Immutable
public abstract class NodeDescription {

  public abstract String name();

  public abstract Map<String, String> labels();

  public abstract List<Taint> taints();

  /** {@code spec.unschedulable}: a disabled node is cordoned. */
  public abstract boolean unschedulable();

  public abstract NodeCapacity capacity();

  public abstract NodeCapacity allocatable();

  public abstract List<NodeCondition> conditions();

  public abstract List<NodeAddress> addresses();

  /** The port of the kubelet API ({@code status.daemonEndpoints.kubeletEndpoint.Port}). */
  public abstract int kubeletPort();

  /** Builds a {@link NodeDescription}. */
  public static class Builder extends ImmutableNodeDescription.Builder {}
}
