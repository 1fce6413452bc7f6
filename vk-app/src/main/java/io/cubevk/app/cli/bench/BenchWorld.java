package io.cubevk.app.cli.bench;

import com.google.inject.Module;
import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.app.wiring.Agent;
import io.cubevk.app.wiring.AgentSettings;
import io.cubevk.app.wiring.EngineModule;
import io.cubevk.app.wiring.FakeCloudModule;
import io.cubevk.app.wiring.KubernetesClusterModule;
import io.cubevk.app.wiring.MetricsModule;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bench's world in one JVM: the in-process API server over plain HTTP on 127.0.0.1 (TLS would
 * measure the handshake and the cipher, not the agent; the sandbox uses HTTPS), the fake Cube
 * cloud, and the agent wired as the sandbox wires it (the same modules, default engine settings)
 * but with its own token, so the server's request log tells its writes from the bench's.
 */
final class BenchWorld implements AutoCloseable {

  static final String AGENT_USER = "system:serviceaccount:kube-system:cube-vk";
  static final String CLUSTER_ID = "uk8s-bench000";

  private static final String AGENT_TOKEN = "cube-vk-bench-agent-token";

  private final KubeApiServer server;
  private final FakeCubeCloud cloud;
  private final List<VirtualNode> nodes;
  private final PodEngine.Settings engine = PodEngine.Settings.defaults();
  private Agent agent;

  private BenchWorld(KubeApiServer server, FakeCubeCloud cloud, List<VirtualNode> nodes) {
    this.server = server;
    this.cloud = cloud;
    this.nodes = nodes;
  }

  static BenchWorld start(int nodeCount, Duration createDelay, long seed) {
    KubeApiServer server =
        KubeApiServer.builder()
            .https(false)
            .host("127.0.0.1")
            // Enough to count every request of a long churn; entries are small records.
            .requestLogCapacity(1_000_000)
            .start();
    server.addToken(AGENT_TOKEN, AGENT_USER, List.of("system:masters"));
    FakeCubeCloud cloud =
        FakeCubeCloud.builder().createDelay(createDelay).seed(seed).callLogCapacity(1).build();
    return new BenchWorld(server, cloud, nodes(nodeCount, seed));
  }

  private static List<VirtualNode> nodes(int count, long seed) {
    Random random = new Random(seed);
    List<VirtualNode> nodes = new ArrayList<>();
    while (nodes.size() < count) {
      String name = VirtualNode.generateName(CLUSTER_ID, random);
      if (nodes.stream().anyMatch(n -> n.name().equals(name))) {
        continue;
      }
      nodes.add(
          new VirtualNode.Builder()
              .clusterId(CLUSTER_ID)
              .name(name)
              .region("cn-bj2")
              .zone("cn-bj2-05")
              .vpcId("uvnet-bench")
              .subnetId("subnet-bench")
              .maxPods(VirtualNode.MAX_PODS_LIMIT)
              .build());
    }
    return nodes;
  }

  /** Starts the agent and waits until its nodes are registered. */
  void startAgent() {
    ApiClient client =
        new ClientBuilder()
            .setBasePath(server.url())
            .setAuthentication(new AccessTokenAuthentication(AGENT_TOKEN))
            .build();
    // Watches are long-lived: no read timeout, as for client-java's informers.
    client.setHttpClient(
        client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
    List<Module> modules =
        List.of(
            new FakeCloudModule(cloud),
            new KubernetesClusterModule(client, KubernetesClusterModule.Options.defaults()),
            new MetricsModule(new PrometheusRegistry()),
            new EngineModule(
                new AgentSettings(
                    nodes,
                    NodeSettings.defaults(Optional.of("127.0.0.1"), 10250),
                    engine,
                    new NodeInfo("v1.32.0-cube-vk-bench", "UCloud Cube (bench)", "amd64"))));
    agent = Agent.create(modules);
    agent.startAsync().awaitRunning();
  }

  /** Stops the agent; its objects become garbage (the baseline's heap is measured after). */
  void stopAgent() {
    if (agent == null) {
      return;
    }
    try {
      agent.stopAsync().awaitTerminated(60, TimeUnit.SECONDS);
    } catch (TimeoutException | IllegalStateException e) {
      // stopped or failed anyway; nothing of the agent is used after this
    }
    agent = null;
  }

  KubeApiServer server() {
    return server;
  }

  FakeCubeCloud cloud() {
    return cloud;
  }

  List<VirtualNode> nodes() {
    return nodes;
  }

  /** The agent's pod workers: the baseline runs as many threads. */
  int workers() {
    return engine.workers();
  }

  Duration listInterval() {
    return engine.cubeCache().listInterval();
  }

  /** Creates a namespace (and, through the server's controllers, its default ServiceAccount). */
  void createNamespace(String name) {
    server.create(
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}");
  }

  @Override
  public void close() {
    stopAgent();
    cloud.close();
    server.close();
  }
}
