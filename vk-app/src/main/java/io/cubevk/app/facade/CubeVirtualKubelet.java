package io.cubevk.app.facade;

import com.google.common.util.concurrent.Service;
import com.google.inject.Module;
import io.cubevk.adapter.ucloud.UCloudCredentials;
import io.cubevk.adapter.ucloud.UCloudEndpoint;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.app.wiring.Agent;
import io.cubevk.app.wiring.AgentSettings;
import io.cubevk.app.wiring.EngineModule;
import io.cubevk.app.wiring.KubeletApiModule;
import io.cubevk.app.wiring.KubernetesClusterModule;
import io.cubevk.app.wiring.MetricsModule;
import io.cubevk.app.wiring.ProvidedCloudModule;
import io.cubevk.app.wiring.UCloudCloudModule;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.translation.ClusterDns;
import io.cubevk.domain.translation.Violation;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.kubernetes.client.openapi.ApiClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * cube-vk as a library: registers the given virtual nodes in the cluster the {@link ApiClient}
 * talks to and runs their pods as Cubes, for as long as the service runs.
 *
 * <pre>{@code
 * Service agent = CubeVirtualKubelet.builder()
 *     .apiClient(client)                      // client-java, e.g. Config.defaultClient()
 *     .cloud(cloud, cloud, cloud)             // or .ucloud(credentials, endpoint)
 *     .node(virtualNode)                      // one to eight
 *     .metricsRegistry(registry)              // optional
 *     .build();
 * agent.startAsync().awaitRunning();
 * ...
 * agent.stopAsync().awaitTerminated();
 * }</pre>
 *
 * <p>Stopping the service stops serving the nodes: their Node objects and Cubes stay (deleting a
 * node, and so its Cubes, is {@code kubectl delete node}). Cloud ports passed in are not closed.
 */
public final class CubeVirtualKubelet implements Service {

  private final Agent agent;

  private CubeVirtualKubelet(Agent agent) {
    this.agent = agent;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CubeVirtualKubelet}; {@link #build()} checks everything at once. */
  public static final class Builder {

    private ApiClient client;
    private Module cloud;
    private final List<VirtualNode> nodes = new ArrayList<>();
    private PrometheusRegistry registry;
    private Optional<String> kubeletAddress = Optional.empty();
    private int kubeletPort = 10250;
    private Optional<ClusterDns> clusterDns = Optional.empty();
    private PodEngine.Settings engine = PodEngine.Settings.defaults();
    private Optional<KubeletApiModule.Settings> kubeletApi = Optional.empty();

    private Builder() {}

    /** The cluster: a client-java client with the agent's credentials. Required. */
    public Builder apiClient(ApiClient client) {
      this.client = Objects.requireNonNull(client, "apiClient");
      return this;
    }

    /** Cube through cloud ports of your own (a fake, a decorator); you close them. */
    public Builder cloud(CubeCloud cloud, ElasticIps elasticIps, Disks disks) {
      this.cloud =
          new ProvidedCloudModule(
              Objects.requireNonNull(cloud, "cloud"),
              Objects.requireNonNull(elasticIps, "elasticIps"),
              Objects.requireNonNull(disks, "disks"));
      return this;
    }

    /** Cube through the UCloud API with these credentials, region, zone and project. */
    public Builder ucloud(UCloudCredentials credentials, UCloudEndpoint endpoint) {
      this.cloud =
          new UCloudCloudModule(
              Objects.requireNonNull(credentials, "credentials"),
              Objects.requireNonNull(endpoint, "endpoint"),
              UCloudCloudModule.Options.defaults());
      return this;
    }

    /**
     * A virtual node to serve; name it once with {@link VirtualNode#generateName} and keep the name
     * (a new name is a new node).
     */
    public Builder node(VirtualNode node) {
      nodes.add(Objects.requireNonNull(node, "node"));
      return this;
    }

    public Builder nodes(Iterable<VirtualNode> nodes) {
      nodes.forEach(this::node);
      return this;
    }

    /** Where the agent's metrics go; without one they are kept in a registry of their own. */
    public Builder metricsRegistry(PrometheusRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "metricsRegistry");
      return this;
    }

    /** The address and port the Nodes advertise for their kubelet API (InternalIP, 10250). */
    public Builder kubeletEndpoint(String address, int port) {
      this.kubeletAddress = Optional.of(address);
      this.kubeletPort = port;
      return this;
    }

    /**
     * Serves the kubelet API (logs, exec, attach, port-forward, stats) of every node, as {@code
     * cube-vk run} does; off unless called, for embedders that serve it themselves or not at all
     * (then the Nodes advertise {@link #kubeletEndpoint}'s port and {@code kubectl logs} reaches
     * whatever listens there). With it, each Node advertises its own server's port, and the client
     * needs the RBAC of deploy/rbac.yaml for TokenReviews, SubjectAccessReviews and CSRs.
     */
    public Builder kubeletApi(KubeletApiModule.Settings settings) {
      this.kubeletApi = Optional.of(Objects.requireNonNull(settings, "kubeletApi"));
      return this;
    }

    /** The cluster DNS for pods on nodes with cluster-IP support. */
    public Builder clusterDns(ClusterDns dns) {
      this.clusterDns = Optional.of(dns);
      return this;
    }

    /** Pod workers, Cube polling, orphan grace and resync (defaults suit most clusters). */
    public Builder engineSettings(PodEngine.Settings settings) {
      this.engine = Objects.requireNonNull(settings, "engineSettings");
      return this;
    }

    /**
     * The agent, not yet started.
     *
     * @throws IllegalArgumentException listing every problem: no client, no cloud, no node, more
     *     than eight nodes, a name used twice, a node's invalid settings
     */
    public CubeVirtualKubelet build() {
      List<String> problems = new ArrayList<>();
      if (client == null) {
        problems.add("apiClient: required (a client-java ApiClient for the cluster)");
      }
      if (cloud == null) {
        problems.add("cloud: required (cloud(cubeCloud, elasticIps, disks) or ucloud(...))");
      }
      if (nodes.isEmpty()) {
        problems.add("node: at least one virtual node is required");
      }
      if (nodes.size() > NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER) {
        problems.add(
            "node: "
                + nodes.size()
                + " virtual nodes given; accepted: 1 to "
                + NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER
                + " per cluster");
      }
      Set<String> names = new HashSet<>();
      for (VirtualNode node : nodes) {
        if (!names.add(node.name())) {
          problems.add("node " + node.name() + ": given twice");
        }
        for (Violation v : node.validate()) {
          problems.add("node " + node.name() + ": " + v.fieldPath() + ": " + v.message());
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "cannot build CubeVirtualKubelet:\n  " + String.join("\n  ", problems));
      }
      boolean serviceLinks = nodes.stream().anyMatch(VirtualNode::clusterIpSupport);
      AgentSettings settings =
          new AgentSettings(
              nodes,
              NodeSettings.defaults(kubeletAddress, kubeletPort),
              engine,
              new NodeInfo(kubeletVersion(), "UCloud Cube", "amd64"));
      List<Module> modules = new ArrayList<>();
      modules.add(cloud);
      modules.add(
          new KubernetesClusterModule(
              client,
              new KubernetesClusterModule.Options(
                  serviceLinks,
                  clusterDns,
                  KubernetesClusterModule.Options.defaults().resyncPeriod())));
      modules.add(new MetricsModule(registry != null ? registry : new PrometheusRegistry()));
      modules.add(new EngineModule(settings));
      kubeletApi.ifPresent(k -> modules.add(new KubeletApiModule(client, k)));
      return new CubeVirtualKubelet(Agent.create(modules));
    }

    private static String kubeletVersion() {
      String version = CubeVirtualKubelet.class.getPackage().getImplementationVersion();
      return "v1.32.0-cube-vk-" + (version != null ? version : "dev");
    }
  }

  @Override
  public Service startAsync() {
    agent.startAsync();
    return this;
  }

  @Override
  public boolean isRunning() {
    return agent.isRunning();
  }

  @Override
  public State state() {
    return agent.state();
  }

  @Override
  public Service stopAsync() {
    agent.stopAsync();
    return this;
  }

  @Override
  public void awaitRunning() {
    agent.awaitRunning();
  }

  @Override
  public void awaitRunning(long timeout, TimeUnit unit) throws TimeoutException {
    agent.awaitRunning(timeout, unit);
  }

  @Override
  public void awaitTerminated() {
    agent.awaitTerminated();
  }

  @Override
  public void awaitTerminated(long timeout, TimeUnit unit) throws TimeoutException {
    agent.awaitTerminated(timeout, unit);
  }

  @Override
  public Throwable failureCause() {
    return agent.failureCause();
  }

  @Override
  public void addListener(Listener listener, Executor executor) {
    agent.addListener(listener, executor);
  }

  @Override
  public String toString() {
    return "CubeVirtualKubelet [" + agent.state() + "]";
  }
}
