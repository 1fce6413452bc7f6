package io.cubevk.app.cli;

import io.cubevk.adapter.k8s.PodViewMapper;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.pod.ContainerView;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.Resources;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import io.cubevk.domain.size.ContainerDemand;
import io.cubevk.domain.size.CubeSize;
import io.cubevk.domain.size.SizeRule;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cube-vk node}: the virtual nodes of a cluster, as the UK8S console's "Virtual Node
 * Management" shows them: list, describe, add (to the node set), cordon/uncordon (disable/enable),
 * delete (Cubes, disks and the Node, then out of the node set). Exit codes: 0 done, 1 refused or
 * failed (the message says why), 2 bad options or configuration.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Manages the virtual nodes of a cluster: the Node objects and the node set cube-vk run"
          + " serves (a ConfigMap, default cube-vk-system/cube-vk, or --config FILE).",
      ""
    },
    subcommands = {
      NodeCommand.ListNodes.class,
      NodeCommand.Describe.class,
      NodeCommand.Add.class,
      NodeCommand.Cordon.class,
      NodeCommand.Uncordon.class,
      NodeCommand.Delete.class
    },
    footer = {
      "",
      "Examples:",
      "  cube-vk node list",
      "  cube-vk node add --max-pods 100 --default-size 2:4Gi",
      "  cube-vk node describe uk8s-abcd1234-vk-x1y2z",
      "  cube-vk node cordon uk8s-abcd1234-vk-x1y2z     # disable: no new Cubes, existing kept",
      "  cube-vk node delete uk8s-abcd1234-vk-x1y2z     # deletes its Cubes (and UDisks) first"
    })
final class NodeCommand implements Runnable {

  static final int DONE = 0;
  static final int REFUSED = 1;
  static final int BAD_INPUT = 2;

  @Spec CommandSpec spec;

  private Map<String, String> env = System.getenv();

  NodeCommand withEnvironment(Map<String, String> env) {
    this.env = env;
    return this;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the cluster and the node set are; shared by every subcommand. */
  static final class Where {
    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Default: KUBECONFIG.")
    Path kubeconfig;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "The node set as a file instead of the ConfigMap.")
    Path configFile;

    @Option(
        names = "--config-map",
        paramLabel = "NAMESPACE/NAME",
        defaultValue = NodeSetLocation.DEFAULT_CONFIG_MAP,
        description = "The node set's ConfigMap (default: ${DEFAULT-VALUE}).")
    String configMap;

    @Option(
        names = "--config-key",
        defaultValue = NodeSetLocation.DEFAULT_KEY,
        description = "Its key (default: ${DEFAULT-VALUE}).")
    String configKey;

    NodeSetLocation location(ApiClient client) {
      return configFile != null
          ? new NodeSetLocation.File(configFile)
          : new NodeSetLocation.ConfigMap(client, configMap, configKey);
    }
  }

  /** The common shape of the subcommands: resolve the cluster, then act. */
  abstract static class Sub implements Callable<Integer> {
    @ParentCommand NodeCommand parent;
    @Spec CommandSpec spec;
    @Mixin Where where;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
      ApiClient client;
      try {
        client = Kubeconfigs.client(Optional.ofNullable(where.kubeconfig), parent.env);
      } catch (Exception e) {
        return fail(BAD_INPUT, e.getMessage());
      }
      try {
        return run(client);
      } catch (ApiException e) {
        return fail(REFUSED, "the API server answered " + e.getCode() + ": " + apiMessage(e));
      } catch (NodeSetConfig.Invalid e) {
        err().println("cube-vk node " + spec.name() + ": the node set has problems:");
        e.problems().forEach(p -> err().println("  " + p));
        err().flush();
        return BAD_INPUT;
      } catch (IllegalStateException | IllegalArgumentException e) {
        return fail(REFUSED, e.getMessage());
      }
    }

    abstract int run(ApiClient client) throws Exception;

    int fail(int code, String message) {
      err().println("cube-vk node " + spec.name() + ": " + message);
      err().flush();
      return code;
    }

    /** The node set, if it can be read (list and describe work without one). */
    Optional<NodeSetConfig> nodeSet(ApiClient client) {
      try {
        NodeSetLocation location = where.location(client);
        return Optional.of(NodeSetConfig.parse(location.describe(), location.read()));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    static V1Node virtualNode(CoreV1Api api, String name) throws ApiException {
      V1Node node;
      try {
        node = api.readNode(name).execute();
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          throw new IllegalStateException("node " + name + " not found");
        }
        throw e;
      }
      Map<String, String> labels = node.getMetadata().getLabels();
      if (labels == null || !VirtualNode.TYPE_VALUE.equals(labels.get(VirtualNode.TYPE_LABEL))) {
        throw new IllegalStateException(
            "node "
                + name
                + " is not a virtual node (no label "
                + VirtualNode.TYPE_LABEL
                + "="
                + VirtualNode.TYPE_VALUE
                + "); cube-vk manages only its own nodes");
      }
      return node;
    }

    static List<V1Node> virtualNodes(CoreV1Api api) throws ApiException {
      return api.listNode()
          .labelSelector(VirtualNode.TYPE_LABEL + "=" + VirtualNode.TYPE_VALUE)
          .execute()
          .getItems();
    }

    static List<V1Pod> podsOn(CoreV1Api api, String node) throws ApiException {
      return api.listPodForAllNamespaces()
          .fieldSelector("spec.nodeName=" + node)
          .execute()
          .getItems();
    }

    static String apiMessage(ApiException e) {
      String body = e.getResponseBody();
      if (body != null) {
        int i = body.indexOf("\"message\":\"");
        if (i >= 0) {
          int end = body.indexOf('"', i + 11);
          if (end > i) {
            return body.substring(i + 11, end);
          }
        }
      }
      return e.getMessage();
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the cluster's virtual nodes and those of the node set.")
  static final class ListNodes extends Sub {
    @Override
    int run(ApiClient client) throws ApiException {
      CoreV1Api api = new CoreV1Api(client);
      Optional<NodeSetConfig> set = nodeSet(client);
      Map<String, String[]> rows = new LinkedHashMap<>();
      for (V1Node node : virtualNodes(api)) {
        String name = node.getMetadata().getName();
        String zone =
            Optional.ofNullable(node.getMetadata().getLabels())
                .map(l -> l.get(VirtualNode.ZONE_LABEL))
                .orElse("<none>");
        String maxPods =
            Optional.ofNullable(node.getStatus())
                .map(s -> s.getCapacity())
                .map(c -> c.get("pods"))
                .map(q -> q.toSuffixedString())
                .orElse("<none>");
        rows.put(
            name,
            new String[] {
              name,
              status(node),
              zone,
              String.valueOf(podsOn(api, name).size()),
              maxPods,
              set.map(s -> inSet(s, name) ? "yes" : "no").orElse("?"),
              age(node.getMetadata().getCreationTimestamp())
            });
      }
      set.ifPresent(
          s ->
              s.nodes().stream()
                  .filter(n -> !rows.containsKey(n.name()))
                  .forEach(
                      n ->
                          rows.put(
                              n.name(),
                              new String[] {
                                n.name(),
                                "NotRegistered",
                                n.zone(),
                                "0",
                                String.valueOf(n.maxPods()),
                                "yes",
                                "<none>"
                              })));
      List<String[]> table = new ArrayList<>();
      table.add(new String[] {"NAME", "STATUS", "ZONE", "PODS", "MAX-PODS", "IN-SET", "AGE"});
      table.addAll(rows.values());
      print(out(), table);
      if (set.isEmpty()) {
        out().println("(the node set cannot be read: IN-SET is unknown)");
      }
      out().flush();
      return DONE;
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description =
          "Shows a virtual node: status, settings, its pods with Cube ids, sizes and states, and"
              + " recent events.")
  static final class Describe extends Sub {
    @Parameters(paramLabel = "NAME", description = "The virtual node.")
    String name;

    @Override
    int run(ApiClient client) throws ApiException {
      CoreV1Api api = new CoreV1Api(client);
      V1Node node = virtualNode(api, name);
      Optional<NodeSetConfig> set = nodeSet(client);
      Optional<VirtualNode> settings =
          set.flatMap(s -> s.nodes().stream().filter(n -> n.name().equals(name)).findFirst());
      PrintWriter out = out();
      var labels = Optional.ofNullable(node.getMetadata().getLabels()).orElse(Map.of());
      out.printf("Name:          %s%n", name);
      out.printf("Status:        %s%n", status(node));
      out.printf(
          "Zone:          %s (region %s)%n",
          labels.getOrDefault(VirtualNode.ZONE_LABEL, "<none>"),
          labels.getOrDefault(VirtualNode.REGION_LABEL, "<none>"));
      out.printf("Kubelet:       %s%n", kubelet(node));
      out.printf(
          "Capacity:      %s%n",
          Optional.ofNullable(node.getStatus())
              .map(s -> s.getCapacity())
              .map(
                  c ->
                      c.entrySet().stream()
                          .map(e -> e.getKey() + " " + e.getValue().toSuffixedString())
                          .collect(Collectors.joining(", ")))
              .orElse("<none>"));
      out.printf(
          "Node set:      %s%n",
          settings
              .map(
                  n ->
                      "yes (max pods "
                          + n.maxPods()
                          + ", default size "
                          + n.defaultSize()
                          + ", cluster-IP support "
                          + (n.clusterIpSupport() ? "on" : "off")
                          + ", subnet "
                          + n.subnetId()
                          + ")")
              .orElse(set.isPresent() ? "no (not served by cube-vk run)" : "unknown"));
      if (node.getMetadata().getDeletionTimestamp() != null) {
        out.printf(
            "Deleting:      since %s (cube-vk deletes its Cubes, then the Node)%n",
            node.getMetadata().getDeletionTimestamp());
      }
      out.println("Conditions:");
      List<String[]> conditions = new ArrayList<>();
      conditions.add(new String[] {"  TYPE", "STATUS", "REASON", "MESSAGE"});
      if (node.getStatus() != null && node.getStatus().getConditions() != null) {
        for (V1NodeCondition c : node.getStatus().getConditions()) {
          conditions.add(
              new String[] {
                "  " + c.getType(), c.getStatus(), orNone(c.getReason()), orNone(c.getMessage())
              });
        }
      }
      print(out, conditions);
      List<V1Pod> pods = podsOn(api, name);
      pods.sort(
          Comparator.comparing((V1Pod p) -> p.getMetadata().getNamespace())
              .thenComparing(p -> p.getMetadata().getName()));
      out.printf("Pods (%d):%n", pods.size());
      List<String[]> podRows = new ArrayList<>();
      podRows.add(new String[] {"  NAMESPACE", "NAME", "PHASE", "REASON", "SIZE", "CUBE", "IP"});
      CubeSize defaultSize = settings.map(VirtualNode::defaultSize).orElse(CubeSize.DEFAULT);
      for (V1Pod pod : pods) {
        var status = pod.getStatus();
        podRows.add(
            new String[] {
              "  " + pod.getMetadata().getNamespace(),
              pod.getMetadata().getName(),
              status == null ? "<none>" : orNone(status.getPhase()),
              PodReport.reason(pod).orElse("<none>"),
              size(pod, defaultSize),
              PodReport.cubeId(pod).orElse("<none>"),
              status == null ? "<none>" : orNone(status.getPodIP())
            });
      }
      print(out, podRows);
      out.println("Events:");
      List<CoreV1Event> events =
          new ArrayList<>(
              api.listEventForAllNamespaces()
                  .fieldSelector("involvedObject.kind=Node,involvedObject.name=" + name)
                  .execute()
                  .getItems());
      events.sort(Comparator.comparing(Describe::lastSeen));
      List<String[]> eventRows = new ArrayList<>();
      eventRows.add(new String[] {"  LAST SEEN", "TYPE", "REASON", "MESSAGE"});
      for (CoreV1Event e : events.subList(Math.max(0, events.size() - 20), events.size())) {
        eventRows.add(
            new String[] {
              "  " + age(lastSeen(e)),
              orNone(e.getType()),
              orNone(e.getReason()),
              orNone(e.getMessage())
                  + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : "")
            });
      }
      print(out, eventRows);
      out.flush();
      return DONE;
    }

    private static OffsetDateTime lastSeen(CoreV1Event e) {
      return Optional.ofNullable(e.getLastTimestamp())
          .or(() -> Optional.ofNullable(e.getEventTime()))
          .or(() -> Optional.ofNullable(e.getMetadata().getCreationTimestamp()))
          .orElse(OffsetDateTime.MIN);
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Adds a virtual node to the node set under a new name (cluster id, -vk-, five random"
            + " letters or digits), which a running cube-vk registers within its poll interval.",
        "A UK8S cluster has at most 8 virtual nodes: a ninth is refused."
      },
      footer = {
        "",
        "Example:",
        "  cube-vk node add --zone cn-bj2-04 --subnet-id subnet-xyz --max-pods 50"
      })
  static final class Add extends Sub {
    @Option(names = "--zone", description = "Default: the node set's zone.")
    String zone;

    @Option(names = "--vpc-id", description = "Default: the node set's VPC.")
    String vpcId;

    @Option(names = "--subnet-id", description = "Default: the node set's subnet.")
    String subnetId;

    @Option(names = "--max-pods", description = "1 to 200 (default: 200).")
    Integer maxPods;

    @Option(
        names = "--default-size",
        paramLabel = "CPU:MEMORY",
        description = "Size of pods that ask for nothing, e.g. 1:2Gi (the default).")
    String defaultSize;

    @Option(
        names = "--cluster-ip-support",
        description =
            "Cubes reach Services by cluster IP (service links and cluster DNS); costs API"
                + " server load at scale (the seed's advice: only when needed).")
    boolean clusterIpSupport;

    @Override
    int run(ApiClient client) throws ApiException {
      NodeSetLocation location = where.location(client);
      String yaml = location.read();
      NodeSetConfig set = NodeSetConfig.parse(location.describe(), yaml);
      List<String> inSet = set.nodes().stream().map(VirtualNode::name).toList();
      List<String> others =
          virtualNodes(new CoreV1Api(client)).stream()
              .map(n -> n.getMetadata().getName())
              .filter(n -> !inSet.contains(n))
              .toList();
      int total = inSet.size() + others.size();
      if (total >= NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER) {
        throw new IllegalStateException(
            "refused: the cluster already has "
                + total
                + " virtual nodes ("
                + inSet.size()
                + " in the node set"
                + (others.isEmpty() ? "" : ", " + others.size() + " others: " + others)
                + "), the most a UK8S cluster supports is "
                + NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER
                + "; delete one first (cube-vk node delete NAME)");
      }
      SecureRandom random = new SecureRandom();
      String name;
      do {
        name = VirtualNode.generateName(set.clusterId(), random);
      } while (inSet.contains(name) || others.contains(name));
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("name", name);
      putIfSet(node, "zone", zone);
      putIfSet(node, "vpcId", vpcId);
      putIfSet(node, "subnetId", subnetId);
      if (maxPods != null) {
        node.put("maxPods", maxPods);
      }
      putIfSet(node, "defaultSize", defaultSize);
      if (clusterIpSupport) {
        node.put("clusterIpSupport", true);
      }
      String updated = NodeSetConfig.withNode(yaml, node);
      NodeSetConfig.parse(
          "the node to add (" + location.describe() + ")", updated); // refuses bad values
      location.write(updated);
      out().println(name);
      err()
          .println(
              "added "
                  + name
                  + " to "
                  + location.describe()
                  + "; a running cube-vk registers it shortly (cube-vk node list)");
      out().flush();
      err().flush();
      return DONE;
    }

    private static void putIfSet(Map<String, Object> node, String key, String value) {
      if (value != null && !value.isBlank()) {
        node.put(key, value);
      }
    }
  }

  @Command(
      name = "cordon",
      mixinStandardHelpOptions = true,
      description =
          "Disables a virtual node (kubectl cordon): no new Cubes; existing ones are kept.")
  static final class Cordon extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(ApiClient client) throws ApiException {
      return schedulable(client, name, false, out());
    }
  }

  @Command(
      name = "uncordon",
      mixinStandardHelpOptions = true,
      description = "Enables a virtual node again (kubectl uncordon).")
  static final class Uncordon extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(ApiClient client) throws ApiException {
      return schedulable(client, name, true, out());
    }
  }

  static int schedulable(ApiClient client, String name, boolean on, PrintWriter out)
      throws ApiException {
    CoreV1Api api = new CoreV1Api(client);
    Sub.virtualNode(api, name);
    PatchUtils.patch(
        V1Node.class,
        () ->
            api.patchNode(
                    name,
                    new V1Patch("{\"spec\":{\"unschedulable\":" + (on ? "null" : "true") + "}}"))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        client);
    out.println("node/" + name + (on ? " uncordoned" : " cordoned"));
    out.flush();
    return DONE;
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Deletes a virtual node as the UK8S console does: cube-vk deletes every Cube of the node"
            + " (and the UDisks it attached), then the Node goes; then the node leaves the node"
            + " set. Waits for cube-vk to finish."
      })
  static final class Delete extends Sub {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--timeout",
        defaultValue = "5m",
        converter = DurationConverter.class,
        description = "How long to wait for the Node to go (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int run(ApiClient client) throws Exception {
      CoreV1Api api = new CoreV1Api(client);
      NodeSetLocation location = where.location(client);
      boolean registered = true;
      try {
        virtualNode(api, name);
      } catch (IllegalStateException e) {
        if (!e.getMessage().endsWith("not found")) {
          throw e;
        }
        registered = false;
      }
      String yaml = location.read();
      NodeSetConfig set = NodeSetConfig.parse(location.describe(), yaml);
      boolean inSet = set.nodes().stream().anyMatch(n -> n.name().equals(name));
      if (!registered && !inSet) {
        throw new IllegalStateException(
            "node " + name + " not found, neither in the cluster nor in " + location.describe());
      }
      if (registered) {
        // The answer is the Node (kept by the agent's finalizer) or a Status: client-java reads
        // it as a V1Status and may refuse a Node, so only its code is looked at.
        try (okhttp3.Response answer = api.deleteNode(name).buildCall(null).execute()) {
          if (!answer.isSuccessful() && answer.code() != 404) {
            throw new ApiException(
                answer.code(),
                answer.headers().toMultimap(),
                answer.body() == null ? "" : answer.body().string());
          }
        }
        err().println("deleting node/" + name + ": cube-vk deletes its Cubes, then the Node...");
        err().flush();
        Instant deadline = Instant.now().plus(timeout);
        while (exists(api, name)) {
          if (Instant.now().isAfter(deadline)) {
            int left = podsOn(api, name).size();
            throw new IllegalStateException(
                "node "
                    + name
                    + " still exists after "
                    + DurationConverter.format(timeout)
                    + " ("
                    + left
                    + " pod"
                    + (left == 1 ? "" : "s")
                    + " left); is cube-vk running? It deletes the Cubes, then lets the Node go."
                    + " The node stays in the node set until then.");
          }
          TimeUnit.MILLISECONDS.sleep(500);
        }
      }
      if (inSet) {
        location.write(NodeSetConfig.withoutNode(location.read(), name));
      }
      out().println("node/" + name + " deleted");
      out().flush();
      return DONE;
    }

    private static boolean exists(CoreV1Api api, String name) throws ApiException {
      try {
        api.readNode(name).execute();
        return true;
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          return false;
        }
        throw e;
      }
    }
  }

  static boolean inSet(NodeSetConfig set, String name) {
    return set.nodes().stream().anyMatch(n -> n.name().equals(name));
  }

  static String status(V1Node node) {
    String ready = "Unknown";
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (V1NodeCondition c : node.getStatus().getConditions()) {
        if ("Ready".equals(c.getType())) {
          ready = "True".equals(c.getStatus()) ? "Ready" : "NotReady";
        }
      }
    }
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      ready += ",SchedulingDisabled";
    }
    if (node.getMetadata().getDeletionTimestamp() != null) {
      ready += ",Deleting";
    }
    return ready;
  }

  static String kubelet(V1Node node) {
    var status = node.getStatus();
    if (status == null) {
      return "<none>";
    }
    String ip =
        status.getAddresses() == null
            ? "<none>"
            : status.getAddresses().stream()
                .filter(a -> "InternalIP".equals(a.getType()))
                .map(a -> a.getAddress())
                .findFirst()
                .orElse("<no InternalIP>");
    Integer port =
        status.getDaemonEndpoints() == null
                || status.getDaemonEndpoints().getKubeletEndpoint() == null
            ? null
            : status.getDaemonEndpoints().getKubeletEndpoint().getPort();
    String version =
        status.getNodeInfo() == null ? "" : " (" + status.getNodeInfo().getKubeletVersion() + ")";
    return ip + ":" + (port == null ? "<none>" : port) + version;
  }

  /** The Cube size the agent asks for this pod (the domain's sizing rule), or "?". */
  static String size(V1Pod pod, CubeSize defaultSize) {
    try {
      PodView view = PodViewMapper.toPodView(pod);
      Function<List<ContainerView>, List<ContainerDemand>> demands =
          containers ->
              containers.stream()
                  .map(
                      c ->
                          new ContainerDemand(
                              c.resources().request(Resources.CPU).map(Cpu::parse),
                              c.resources().limit(Resources.CPU).map(Cpu::parse),
                              c.resources().request(Resources.MEMORY).map(Memory::parse),
                              c.resources().limit(Resources.MEMORY).map(Memory::parse)))
                  .toList();
      return SizeRule.size(
              demands.apply(view.containers()), demands.apply(view.initContainers()), defaultSize)
          .map(s -> s.size().toString())
          .orElse("too large");
    } catch (RuntimeException e) {
      return "?";
    }
  }

  static String age(OffsetDateTime time) {
    if (time == null || time.equals(OffsetDateTime.MIN)) {
      return "<unknown>";
    }
    Duration d = Duration.between(time.toInstant(), Instant.now());
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m";
    }
    return Math.max(0, d.toSeconds()) + "s";
  }

  static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }

  static void print(PrintWriter out, List<String[]> rows) {
    int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 3));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
