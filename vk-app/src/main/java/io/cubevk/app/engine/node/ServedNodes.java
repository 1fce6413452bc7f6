package io.cubevk.app.engine.node;

import io.cubevk.domain.node.VirtualNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The virtual nodes this agent serves right now, with their live flags. Nodes come and go while the
 * agent runs (a node added to the set, a node deleted), so every lookup is by name.
 */
public final class ServedNodes {

  /** One served node: its settings and its live state. */
  public record Entry(VirtualNode settings, ServedNode state) {}

  private final Map<String, Entry> nodes = new ConcurrentHashMap<>();

  public Entry serve(VirtualNode node) {
    return nodes.computeIfAbsent(node.name(), n -> new Entry(node, new ServedNode(n)));
  }

  public void stopServing(String nodeName) {
    nodes.remove(nodeName);
  }

  public Optional<Entry> get(String nodeName) {
    return Optional.ofNullable(nodes.get(nodeName));
  }

  public Collection<Entry> all() {
    return List.copyOf(nodes.values());
  }
}
