package io.cubevk.adapter.k8s.cluster;

import io.cubevk.domain.node.NodeAddress;
import io.cubevk.domain.node.NodeCapacity;
import io.cubevk.domain.node.NodeCondition;
import io.cubevk.domain.node.NodeDescription;
import io.cubevk.domain.node.Taint;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.cubevk.ports.out.cluster.ObservedNode;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1DaemonEndpoint;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeDaemonEndpoints;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The virtual node's {@link NodeDescription} as a {@link V1Node}, the adoption of an existing Node,
 * and the Node as the engine observes it. Pure functions over client-java's models.
 */
final class NodeMapper {

  private NodeMapper() {}

  /**
   * A new Node: labels, taints, the finalizer and the cordon the settings ask for. Its status is
   * the first status report's, which follows at once.
   */
  static V1Node newNode(NodeDescription node, String finalizer) {
    V1NodeSpec spec = new V1NodeSpec().taints(taints(node.taints()));
    if (node.unschedulable()) {
      spec.unschedulable(true);
    }
    return new V1Node()
        .apiVersion("v1")
        .kind("Node")
        .metadata(
            new V1ObjectMeta()
                .name(node.name())
                .labels(new HashMap<>(node.labels()))
                .finalizers(new ArrayList<>(List.of(finalizer))))
        .spec(spec);
  }

  /**
   * An existing Node with the agent's labels, taints and finalizer made present; everything a user
   * added stays, and {@code spec.unschedulable} (a user's cordon) is never touched.
   *
   * @return the Node to write, or empty when it already has all of them
   */
  static Optional<V1Node> adopt(V1Node existing, NodeDescription node, String finalizer) {
    V1ObjectMeta meta = existing.getMetadata();
    Map<String, String> labels =
        new HashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
    boolean changed = false;
    for (Map.Entry<String, String> label : node.labels().entrySet()) {
      if (!label.getValue().equals(labels.put(label.getKey(), label.getValue()))) {
        changed = true;
      }
    }
    List<String> finalizers =
        new ArrayList<>(meta.getFinalizers() == null ? List.of() : meta.getFinalizers());
    if (!finalizers.contains(finalizer)) {
      finalizers.add(finalizer);
      changed = true;
    }
    V1NodeSpec spec = existing.getSpec() == null ? new V1NodeSpec() : existing.getSpec();
    List<V1Taint> taints = new ArrayList<>(spec.getTaints() == null ? List.of() : spec.getTaints());
    for (Taint taint : node.taints()) {
      boolean present =
          taints.stream()
              .anyMatch(
                  t ->
                      taint.key().equals(t.getKey())
                          && taint.effect().equals(t.getEffect())
                          && taint.value().equals(t.getValue()));
      if (!present) {
        taints.removeIf(
            t -> taint.key().equals(t.getKey()) && taint.effect().equals(t.getEffect()));
        taints.add(taint(taint));
        changed = true;
      }
    }
    if (!changed) {
      return Optional.empty();
    }
    meta.labels(labels).finalizers(finalizers);
    existing.spec(spec.taints(taints));
    return Optional.of(existing);
  }

  /**
   * The Node's status: conditions with a fresh heartbeat (a condition whose status did not change
   * keeps its transition time), capacity, allocatable, addresses, the kubelet endpoint's port and
   * the agent's node info. Conditions cube-vk does not report stay.
   *
   * @param current the Node's status now, or null
   */
  static V1NodeStatus status(
      NodeDescription node, NodeInfo info, V1NodeStatus current, OffsetDateTime now) {
    List<V1NodeCondition> conditions =
        new ArrayList<>(
            current == null || current.getConditions() == null
                ? List.of()
                : current.getConditions());
    for (NodeCondition condition : node.conditions()) {
      V1NodeCondition mapped =
          new V1NodeCondition()
              .type(condition.type())
              .status(condition.status())
              .reason(condition.reason())
              .message(condition.message())
              .lastHeartbeatTime(now)
              .lastTransitionTime(now);
      int index = -1;
      for (int i = 0; i < conditions.size(); i++) {
        if (condition.type().equals(conditions.get(i).getType())) {
          index = i;
        }
      }
      if (index < 0) {
        conditions.add(mapped);
      } else {
        V1NodeCondition before = conditions.get(index);
        if (Objects.equals(before.getStatus(), mapped.getStatus())
            && before.getLastTransitionTime() != null) {
          mapped.lastTransitionTime(before.getLastTransitionTime());
        }
        conditions.set(index, mapped);
      }
    }
    List<V1NodeAddress> addresses = new ArrayList<>();
    for (NodeAddress address : node.addresses()) {
      addresses.add(new V1NodeAddress().type(address.type()).address(address.address()));
    }
    return new V1NodeStatus()
        .capacity(quantities(node.capacity()))
        .allocatable(quantities(node.allocatable()))
        .conditions(conditions)
        .addresses(addresses)
        .daemonEndpoints(
            new V1NodeDaemonEndpoints()
                .kubeletEndpoint(new V1DaemonEndpoint().port(node.kubeletPort())))
        .nodeInfo(
            new V1NodeSystemInfo()
                .kubeletVersion(info.kubeletVersion())
                .kubeProxyVersion("")
                .osImage(info.osImage())
                .architecture(info.architecture())
                .operatingSystem("linux")
                .containerRuntimeVersion("cube://" + info.kubeletVersion())
                .kernelVersion("")
                .machineID("")
                .systemUUID("")
                .bootID(""));
  }

  /** The Node as the engine decides on it. */
  static ObservedNode observe(V1Node node) {
    V1ObjectMeta meta = node.getMetadata();
    return new ObservedNode.Builder()
        .name(meta.getName())
        .uid(meta.getUid() == null ? "" : meta.getUid())
        .putAllLabels(meta.getLabels() == null ? Map.of() : meta.getLabels())
        .unschedulable(
            node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()))
        .beingDeleted(meta.getDeletionTimestamp() != null)
        .finalizers(meta.getFinalizers() == null ? List.of() : meta.getFinalizers())
        .build();
  }

  private static Map<String, Quantity> quantities(NodeCapacity capacity) {
    Map<String, Quantity> out = new LinkedHashMap<>();
    capacity.toQuantities().forEach((k, v) -> out.put(k, new Quantity(v)));
    return out;
  }

  private static List<V1Taint> taints(List<Taint> taints) {
    List<V1Taint> out = new ArrayList<>();
    taints.forEach(t -> out.add(taint(t)));
    return out;
  }

  private static V1Taint taint(Taint taint) {
    return new V1Taint().key(taint.key()).value(taint.value()).effect(taint.effect());
  }
}
