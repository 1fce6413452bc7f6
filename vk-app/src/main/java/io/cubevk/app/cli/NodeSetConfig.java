package io.cubevk.app.cli;

import com.google.common.net.InetAddresses;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.size.CubeSize;
import io.cubevk.domain.translation.ClusterDns;
import io.cubevk.domain.translation.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The node set: the cluster's settings and the virtual nodes an agent serves, as the YAML of a file
 * or of a ConfigMap key. Cluster-wide values at the top are defaults each node may override.
 *
 * <pre>
 * clusterId: uk8s-abcd1234        # required
 * region: cn-bj2                  # required
 * projectId: org-abc              # optional: the account's default project otherwise
 * zone: cn-bj2-05                 # required; default zone, VPC and subnet of the nodes
 * vpcId: uvnet-abc
 * subnetId: subnet-def
 * clusterDns: {ip: 10.96.0.10, domain: cluster.local}   # optional (cluster-IP support)
 * nodes:                          # 0 to 8; names from `cube-vk node add`, never changed
 *   - name: uk8s-abcd1234-vk-x1y2z
 *     maxPods: 200                # 1 to 200
 *     defaultSize: "1:2Gi"        # CPU:MEMORY, an allowed Cube size
 *     clusterIpSupport: false
 *     zone: cn-bj2-05             # optional overrides: zone, vpcId, subnetId
 * </pre>
 *
 * <p>Reading reports every problem at once, each naming the source, the field and what is accepted.
 */
record NodeSetConfig(
    String clusterId,
    String region,
    Optional<String> projectId,
    String zone,
    Optional<ClusterDns> clusterDns,
    List<VirtualNode> nodes) {

  static final List<String> TOP_FIELDS =
      List.of(
          "clusterId", "region", "projectId", "zone", "vpcId", "subnetId", "clusterDns", "nodes");
  static final List<String> NODE_FIELDS =
      List.of("name", "zone", "vpcId", "subnetId", "maxPods", "defaultSize", "clusterIpSupport");
  private static final Pattern DNS_DOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** The node set could not be read; {@link #problems()} lists every reason. */
  static final class Invalid extends IllegalArgumentException {
    private final List<String> problems;

    Invalid(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    List<String> problems() {
      return problems;
    }
  }

  /**
   * Reads and checks a node set.
   *
   * @param source how messages name where the YAML came from (a file, a ConfigMap key)
   * @throws Invalid with every problem found
   */
  static NodeSetConfig parse(String source, String yaml) {
    List<String> problems = new ArrayList<>();
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (RuntimeException e) {
      throw new Invalid(List.of(source + ": not YAML: " + e.getMessage().replace('\n', ' ')));
    }
    if (!(loaded instanceof Map<?, ?> top)) {
      throw new Invalid(
          List.of(source + ": expected a mapping with " + String.join(", ", TOP_FIELDS)));
    }
    Fields f = new Fields(source, "", top, problems);
    f.unknown(TOP_FIELDS);
    String clusterId = f.string("clusterId", true, "e.g. uk8s-abcd1234").orElse("");
    if (!clusterId.isEmpty() && !VirtualNode.CLUSTER_ID.matcher(clusterId).matches()) {
      problems.add(
          source
              + ": clusterId: '"
              + clusterId
              + "' is not a UK8S cluster id; accepted: uk8s- and eight lowercase letters or"
              + " digits");
    }
    String region = f.string("region", true, "e.g. cn-bj2").orElse("");
    Optional<String> projectId = f.string("projectId", false, "e.g. org-abc");
    Optional<String> zone =
        f.string("zone", true, "the nodes' default availability zone, e.g. cn-bj2-05");
    Optional<String> vpcId = f.string("vpcId", false, "e.g. uvnet-abc");
    Optional<String> subnetId = f.string("subnetId", false, "e.g. subnet-def");
    Optional<ClusterDns> dns = clusterDns(f, problems);

    List<VirtualNode> nodes = new ArrayList<>();
    Object rawNodes = top.get("nodes");
    if (rawNodes != null && !(rawNodes instanceof List<?>)) {
      problems.add(source + ": nodes: expected a list of nodes");
    } else if (rawNodes != null) {
      List<?> list = (List<?>) rawNodes;
      if (list.size() > NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER) {
        problems.add(
            source
                + ": nodes: "
                + list.size()
                + " nodes; accepted: at most "
                + NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER
                + " (a UK8S cluster supports 8 virtual nodes)");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String path = "nodes[" + i + "].";
        if (!(list.get(i) instanceof Map<?, ?> raw)) {
          problems.add(source + ": nodes[" + i + "]: expected a mapping with " + NODE_FIELDS);
          continue;
        }
        Fields n = new Fields(source, path, raw, problems);
        n.unknown(NODE_FIELDS);
        String name =
            n.string("name", true, "a name from cube-vk node add, e.g. " + exampleName(clusterId))
                .orElse("");
        if (!name.isEmpty() && !names.add(name)) {
          problems.add(source + ": " + path + "name: " + name + " is listed twice");
        }
        VirtualNode.Builder node =
            new VirtualNode.Builder()
                .clusterId(clusterId)
                .name(name)
                .region(region)
                .zone(n.string("zone", false, "").or(() -> zone).orElse(""))
                .vpcId(n.string("vpcId", false, "").or(() -> vpcId).orElse(""))
                .subnetId(n.string("subnetId", false, "").or(() -> subnetId).orElse(""));
        n.integer("maxPods").ifPresent(node::maxPods);
        n.string("defaultSize", false, "")
            .ifPresent(
                text -> {
                  try {
                    node.defaultSize(CubeSize.parse(text));
                  } catch (IllegalArgumentException e) {
                    problems.add(source + ": " + path + "defaultSize: " + e.getMessage());
                  }
                });
        n.bool("clusterIpSupport").ifPresent(node::clusterIpSupport);
        VirtualNode built = node.build();
        for (Violation v : built.validate()) {
          if (v.fieldPath().equals("clusterId") || v.fieldPath().equals("region")) {
            continue; // reported once, at the top
          }
          if (v.fieldPath().equals("name") && name.isEmpty()) {
            continue; // already reported as missing
          }
          String hint =
              List.of("zone", "vpcId", "subnetId").contains(v.fieldPath())
                      && v.message().equals("must not be empty")
                  ? " (set it on the node or at the top)"
                  : "";
          problems.add(source + ": " + path + v.fieldPath() + ": " + v.message() + hint);
        }
        nodes.add(built);
      }
    }
    if (!problems.isEmpty()) {
      throw new Invalid(problems);
    }
    return new NodeSetConfig(clusterId, region, projectId, zone.orElseThrow(), dns, nodes);
  }

  private static Optional<ClusterDns> clusterDns(Fields top, List<String> problems) {
    Object raw = top.raw("clusterDns");
    if (raw == null) {
      return Optional.empty();
    }
    if (!(raw instanceof Map<?, ?> map)) {
      problems.add(top.source + ": clusterDns: expected {ip: 10.96.0.10, domain: cluster.local}");
      return Optional.empty();
    }
    Fields f = new Fields(top.source, "clusterDns.", map, problems);
    f.unknown(List.of("ip", "domain"));
    Optional<String> ip = f.string("ip", true, "the cluster DNS Service's IP, e.g. 10.96.0.10");
    Optional<String> domain = f.string("domain", false, "e.g. cluster.local");
    boolean ok = true;
    if (ip.isPresent() && !InetAddresses.isInetAddress(ip.get())) {
      problems.add(
          top.source + ": clusterDns.ip: '" + ip.get() + "' is not an IP address, e.g. 10.96.0.10");
      ok = false;
    }
    if (domain.isPresent() && !DNS_DOMAIN.matcher(domain.get()).matches()) {
      problems.add(
          top.source
              + ": clusterDns.domain: '"
              + domain.get()
              + "' is not a DNS domain, e.g. cluster.local");
      ok = false;
    }
    return ok && ip.isPresent()
        ? Optional.of(new ClusterDns(ip.get(), domain.orElse("cluster.local")))
        : Optional.empty();
  }

  private static String exampleName(String clusterId) {
    return (clusterId.isEmpty() ? "uk8s-abcd1234" : clusterId) + "-vk-x1y2z";
  }

  /**
   * The YAML with one more node: the text is edited as a tree, so other fields (and nodes this
   * version does not know) are kept as they were; comments are not.
   */
  static String withNode(String yaml, Map<String, Object> node) {
    Map<String, Object> top = tree(yaml);
    List<Object> nodes = nodesOf(top);
    nodes.add(node);
    top.put("nodes", nodes);
    return dump(top);
  }

  /** The YAML without the named node (other fields kept, comments not). */
  static String withoutNode(String yaml, String name) {
    Map<String, Object> top = tree(yaml);
    List<Object> nodes = nodesOf(top);
    nodes.removeIf(n -> n instanceof Map<?, ?> m && name.equals(m.get("name")));
    top.put("nodes", nodes);
    return dump(top);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(String yaml) {
    Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    return loaded instanceof Map<?, ?> m
        ? new LinkedHashMap<>((Map<String, Object>) m)
        : new LinkedHashMap<>();
  }

  private static List<Object> nodesOf(Map<String, Object> top) {
    return top.get("nodes") instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
  }

  private static String dump(Map<String, Object> top) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    return new Yaml(new Representer(options), options).dump(top);
  }

  /** Typed access to one mapping's fields, adding a problem for each bad one. */
  private static final class Fields {
    private final String source;
    private final String path;
    private final Map<?, ?> map;
    private final List<String> problems;

    Fields(String source, String path, Map<?, ?> map, List<String> problems) {
      this.source = source;
      this.path = path;
      this.map = map;
      this.problems = problems;
    }

    Object raw(String field) {
      return map.get(field);
    }

    void unknown(List<String> accepted) {
      for (Object key : map.keySet()) {
        if (!accepted.contains(String.valueOf(key))) {
          problems.add(
              source
                  + ": "
                  + path
                  + key
                  + ": unknown field; accepted: "
                  + String.join(", ", accepted));
        }
      }
    }

    Optional<String> string(String field, boolean required, String example) {
      Object value = map.get(field);
      if (value == null || (value instanceof String s && s.isBlank())) {
        if (required) {
          problems.add(source + ": " + path + field + ": required (" + example + ")");
        }
        return Optional.empty();
      }
      if (value instanceof Map<?, ?> || value instanceof List<?>) {
        problems.add(source + ": " + path + field + ": expected a string, not a " + kind(value));
        return Optional.empty();
      }
      return Optional.of(String.valueOf(value).trim());
    }

    Optional<Integer> integer(String field) {
      Object value = map.get(field);
      if (value == null) {
        return Optional.empty();
      }
      if (value instanceof Integer i) {
        return Optional.of(i);
      }
      problems.add(source + ": " + path + field + ": '" + value + "' is not a whole number");
      return Optional.empty();
    }

    Optional<Boolean> bool(String field) {
      Object value = map.get(field);
      if (value == null) {
        return Optional.empty();
      }
      if (value instanceof Boolean b) {
        return Optional.of(b);
      }
      problems.add(source + ": " + path + field + ": '" + value + "' is not true or false");
      return Optional.empty();
    }

    private static String kind(Object value) {
      return value instanceof Map<?, ?> ? "mapping" : "list";
    }
  }
}
