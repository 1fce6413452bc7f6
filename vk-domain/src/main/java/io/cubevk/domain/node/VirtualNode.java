package io.cubevk.domain.node;

import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import io.cubevk.domain.size.CubeSize;
import io.cubevk.domain.translation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A virtual node's settings (the seed's "Add Virtual Node" form) and the Node object they imply.
 *
 * <p>Settings are checked by {@link #validate()}, not on construction: a node read from a bad
 * configuration should be reported with every problem, like a pod.
 */
@Value.Immutable
public abstract class VirtualNode {

  /** The seed's limit: "currently supports up to 200 Cube Pods". */
  public static final int MAX_PODS_LIMIT = 200;

  /**
   * Pods select virtual nodes by this label (seed: {@code nodeSelector: type: virtual-kubelet}).
   */
  public static final String TYPE_LABEL = "type";

  public static final String TYPE_VALUE = "virtual-kubelet";

  /** Keeps ordinary pods off the node; the seed's pods tolerate it. */
  public static final Taint PROVIDER_TAINT =
      new Taint("virtual-kubelet.io/provider", "ucloud", "NoSchedule");

  public static final String REGION_LABEL = "topology.kubernetes.io/region";
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  /** UK8S cluster ids: {@code uk8s-} and eight lowercase letters or digits. */
  public static final Pattern CLUSTER_ID = Pattern.compile("uk8s-[a-z0-9]{8}");

  /** Node names: the cluster id, {@code -vk-} and five random lowercase letters or digits. */
  public static final Pattern NAME = Pattern.compile("(uk8s-[a-z0-9]{8})-vk-[a-z0-9]{5}");

  // Node names are DNS labels, so the "combination of numbers and letters" is lowercase.
  private static final String NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  /** The UK8S cluster id, {@code uk8s-xxxxxxxx}. */
  public abstract String clusterId();

  /** The node's name, {@code uk8s-xxxxxxxx-vk-xxxxx}; see {@link #generateName}. */
  public abstract String name();

  /** The UCloud region of the cluster, e.g. {@code cn-bj2}. */
  public abstract String region();

  /** The availability zone of the node and its Cubes, e.g. {@code cn-bj2-05}. */
  public abstract String zone();

  public abstract String vpcId();

  public abstract String subnetId();

  @Value.Default
  public int maxPods() {
    return MAX_PODS_LIMIT;
  }

  /** The size of a pod that requests nothing (seed: "Pod Default Configuration"). */
  @Value.Default
  public CubeSize defaultSize() {
    return CubeSize.DEFAULT;
  }

  /** Whether Cubes reach Services by cluster IP (service-link env and cluster DNS). */
  @Value.Default
  public boolean clusterIpSupport() {
    return false;
  }

  /**
   * Whether DaemonSet pods that tolerate the node's taint get Cubes. Off by default: a DaemonSet
   * runs per-node agents, and a virtual node has no machine for them to watch.
   */
  @Value.Default
  public boolean allowDaemonSets() {
    return false;
  }

  /** A disabled node creates no Cube; existing Cubes stay. */
  @Value.Default
  public boolean enabled() {
    return true;
  }

  /** The advertised CPU; by default max pods × the largest size's CPU. */
  public abstract Optional<Cpu> cpuCapacity();

  /** The advertised memory; by default max pods × the largest size's memory. */
  public abstract Optional<Memory> memoryCapacity();

  /**
   * A new node name for a cluster: {@code <clusterId>-vk-} and five random letters or digits.
   *
   * @param random the randomness (a seeded generator in tests)
   */
  public static String generateName(String clusterId, RandomGenerator random) {
    StringBuilder name = new StringBuilder(clusterId).append("-vk-");
    for (int i = 0; i < 5; i++) {
      name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    return name.toString();
  }

  /** Every problem of these settings; empty when the node can run. */
  public List<Violation> validate() {
    List<Violation> violations = new ArrayList<>();
    if (!CLUSTER_ID.matcher(clusterId()).matches()) {
      violations.add(
          new Violation(
              "clusterId",
              "'"
                  + clusterId()
                  + "' is not a UK8S cluster id; expected uk8s-xxxxxxxx"
                  + " (eight lowercase letters or digits)"));
    }
    var nameMatch = NAME.matcher(name());
    if (!nameMatch.matches()) {
      violations.add(
          new Violation(
              "name",
              "'"
                  + name()
                  + "' is not a virtual node name; expected uk8s-xxxxxxxx-vk-xxxxx"
                  + " (cluster id, -vk-, five lowercase letters or digits)"));
    } else if (!nameMatch.group(1).equals(clusterId())) {
      violations.add(
          new Violation(
              "name",
              "'"
                  + name()
                  + "' does not belong to cluster "
                  + clusterId()
                  + "; expected "
                  + clusterId()
                  + "-vk-xxxxx"));
    }
    if (maxPods() < 1 || maxPods() > MAX_PODS_LIMIT) {
      violations.add(
          new Violation(
              "maxPods", maxPods() + " is out of range; accepted: 1 to " + MAX_PODS_LIMIT));
    }
    if (!defaultSize().isAllowed()) {
      violations.add(
          new Violation(
              "defaultSize",
              defaultSize() + " is not a Cube size; allowed sizes: " + CubeSize.describeAllowed()));
    }
    for (var field :
        List.of(
            Map.entry("region", region()),
            Map.entry("zone", zone()),
            Map.entry("vpcId", vpcId()),
            Map.entry("subnetId", subnetId()))) {
      if (field.getValue().isBlank()) {
        violations.add(new Violation(field.getKey(), "must not be empty"));
      }
    }
    if (!region().isBlank() && !zone().isBlank() && !zone().startsWith(region() + "-")) {
      violations.add(
          new Violation(
              "zone",
              "'"
                  + zone()
                  + "' is not a zone of region "
                  + region()
                  + "; expected "
                  + region()
                  + "-NN"));
    }
    return violations;
  }

  /** The node's labels: the seed's selector label, hostname, OS and topology. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(TYPE_LABEL, TYPE_VALUE);
    labels.put("kubernetes.io/hostname", name());
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/role", "agent");
    labels.put(REGION_LABEL, region());
    labels.put(ZONE_LABEL, zone());
    return labels;
  }

  /**
   * The node's capacity: pods = max pods; CPU and memory as set, otherwise max pods × the largest
   * Cube size, so that the scheduler never refuses a pod that would fit the pod count.
   */
  public NodeCapacity capacity() {
    Cpu cpu =
        cpuCapacity()
            .orElseGet(
                () -> Cpu.ofMillis(Math.multiplyExact(CubeSize.LARGEST.cpu().millis(), maxPods())));
    Memory memory =
        memoryCapacity()
            .orElseGet(
                () ->
                    Memory.ofBytes(
                        Math.multiplyExact(CubeSize.LARGEST.memory().bytes(), (long) maxPods())));
    return new NodeCapacity(cpu, memory, maxPods());
  }

  /**
   * The Node object these settings imply.
   *
   * @param internalIp the address the kubelet API is reachable at, if known
   * @param kubeletPort the kubelet API's port
   * @param cloudReachable whether the last calls to the Cube API succeeded; the node is Ready only
   *     then, so the control plane stops sending pods to a node that cannot create Cubes
   */
  public NodeDescription describe(
      Optional<String> internalIp, int kubeletPort, boolean cloudReachable) {
    NodeDescription.Builder node = new NodeDescription.Builder();
    node.name(name())
        .putAllLabels(labels())
        .addTaints(PROVIDER_TAINT)
        .unschedulable(!enabled())
        .capacity(capacity())
        .allocatable(capacity())
        .kubeletPort(kubeletPort);
    node.addConditions(
        cloudReachable
            ? new NodeCondition("Ready", "True", "KubeletReady", "cube-vk is posting ready status")
            : new NodeCondition(
                "Ready",
                "False",
                "CubeApiUnreachable",
                "cube-vk cannot reach the UCloud Cube API in " + region()),
        new NodeCondition(
            "MemoryPressure", "False", "KubeletHasSufficientMemory", "Cube sizes pods one by one"),
        new NodeCondition(
            "DiskPressure", "False", "KubeletHasNoDiskPressure", "Cube gives each pod its disk"),
        new NodeCondition(
            "PIDPressure", "False", "KubeletHasSufficientPID", "Cube gives each pod its PIDs"),
        new NodeCondition(
            "NetworkUnavailable", "False", "RouteCreated", "Cubes are placed in " + subnetId()));
    internalIp.ifPresent(ip -> node.addAddresses(new NodeAddress("InternalIP", ip)));
    node.addAddresses(new NodeAddress("Hostname", name()));
    return node.build();
  }

  /** Builds a {@link VirtualNode}. */
  public static class Builder extends ImmutableVirtualNode.Builder {}
}
