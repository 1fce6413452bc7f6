package io.cubevk.app.engine.node;

import io.cubevk.domain.node.NodeDescription;
import io.cubevk.ports.out.cluster.ClusterEvents;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.cubevk.ports.out.cluster.NodeLeases;
import io.cubevk.ports.out.cluster.NodeObjects;
import io.cubevk.ports.out.cluster.ObjectRef;
import io.cubevk.ports.out.cluster.ObservedNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Node objects, leases and events in memory, with the counters the tests assert on. */
final class InMemoryNodes implements NodeObjects, NodeLeases, ClusterEvents {

  final Map<String, ObservedNode> nodes = new ConcurrentHashMap<>();
  final AtomicInteger registrations = new AtomicInteger();
  final AtomicInteger statusReports = new AtomicInteger();
  final AtomicInteger leaseRenewals = new AtomicInteger();
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  volatile int otherVirtualNodes;
  volatile NodeDescription lastStatus;

  @Override
  public ObservedNode register(NodeDescription node, String finalizer) {
    registrations.incrementAndGet();
    ObservedNode existing = nodes.get(node.name());
    Set<String> finalizers = new HashSet<>(existing == null ? Set.of() : existing.finalizers());
    finalizers.add(finalizer);
    ObservedNode registered =
        new ObservedNode.Builder()
            .name(node.name())
            .uid(existing == null ? "uid-" + registrations.get() : existing.uid())
            .putAllLabels(node.labels())
            .unschedulable(existing == null ? node.unschedulable() : existing.unschedulable())
            .beingDeleted(false)
            .addAllFinalizers(finalizers)
            .build();
    nodes.put(node.name(), registered);
    return registered;
  }

  @Override
  public void reportStatus(NodeDescription node, NodeInfo info) {
    statusReports.incrementAndGet();
    lastStatus = node;
  }

  @Override
  public Optional<ObservedNode> get(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  @Override
  public void removeFinalizer(String name, String finalizer) {
    ObservedNode node = nodes.get(name);
    Set<String> finalizers = new HashSet<>(node.finalizers());
    finalizers.remove(finalizer);
    if (node.beingDeleted() && finalizers.isEmpty()) {
      nodes.remove(name);
    } else {
      nodes.put(name, new ObservedNode.Builder().from(node).finalizers(finalizers).build());
    }
  }

  @Override
  public int countVirtualNodes() {
    return otherVirtualNodes + nodes.size();
  }

  @Override
  public void onNodeChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public boolean hasSynced() {
    return true;
  }

  @Override
  public void renew(String nodeName, Duration leaseDuration) {
    leaseRenewals.incrementAndGet();
  }

  @Override
  public void normal(ObjectRef object, String reason, String message) {
    events.add("Normal " + reason + " " + object.name());
  }

  @Override
  public void warning(ObjectRef object, String reason, String message) {
    events.add("Warning " + reason + " " + object.name());
  }

  /** What a user's {@code kubectl} does to a node; the informer's notification is separate. */
  void edit(String name, Consumer<ObservedNode.Builder> change) {
    ObservedNode.Builder builder = new ObservedNode.Builder().from(nodes.get(name));
    change.accept(builder);
    nodes.put(name, builder.build());
  }

  /** What the informer does after an edit. */
  void notifyListeners(String name) {
    new ArrayList<>(listeners).forEach(l -> l.accept(name));
  }
}
