package io.cubevk.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Module;
import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.storage.UDiskProvisioner;
import io.cubevk.adapter.fake.ucloudapi.UCloudApiEmulator;
import io.cubevk.adapter.ucloud.UCloudCredentials;
import io.cubevk.adapter.ucloud.UCloudEndpoint;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.app.engine.streams.NodeStatsService;
import io.cubevk.app.wiring.Agent;
import io.cubevk.app.wiring.AgentSettings;
import io.cubevk.app.wiring.EmulatedUCloudModule;
import io.cubevk.app.wiring.EngineModule;
import io.cubevk.app.wiring.FakeCloudModule;
import io.cubevk.app.wiring.KubeletApiModule;
import io.cubevk.app.wiring.KubernetesClusterModule;
import io.cubevk.app.wiring.MetricsModule;
import io.cubevk.app.wiring.MetricsServerModule;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's world and its agent, in one JVM: the in-process API server (HTTPS on 127.0.0.1),
 * the fake Cube cloud (optionally behind the UCloud API emulator and the real UCloud adapter), and
 * cube-vk wired against them exactly as {@code cube-vk run} wires against a real cluster, the
 * kubelet API of each node included (127.0.0.1, a free port each).
 */
final class Sandbox implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("cube-vk.sandbox");

  /** A valid UK8S cluster id ({@code uk8s-} and eight letters or digits) that says what it is. */
  static final String CLUSTER_ID = "uk8s-sandbox0";

  static final String REGION = "cn-bj2";
  static final String ZONE = "cn-bj2-05";
  static final String KUBELET_ADDRESS = "127.0.0.1";
  static final Duration METRICS_RESOLUTION = Duration.ofSeconds(5);

  static final NodeStatsService.Settings SANDBOX_STATS =
      new NodeStatsService.Settings(
          Duration.ofSeconds(10),
          NodeStatsService.Settings.defaults().lookback(),
          NodeStatsService.Settings.defaults().firstScrapeWait());
  private static final String EMULATOR_PUBLIC_KEY = "sandbox-public-key";
  private static final String EMULATOR_PRIVATE_KEY = "sandbox-private-key";

  /** Which cloud the agent talks to. */
  enum CloudKind {
    /** the in-memory cloud through its ports */
    fake,
    /** the real UCloud adapter over HTTP to the UCloud API emulator over the in-memory cloud */
    emulator
  }

  record Settings(
      int nodes,
      int maxPods,
      Path kubeconfig,
      CloudKind cloud,
      FakeCloudKnobs knobs,
      int apiServerPort,
      Optional<Integer> metricsPort) {}

  private final KubeApiServer apiServer;
  private final FakeCubeCloud cloud;
  private final UCloudApiEmulator emulator;
  private final ApiClient client;
  private final List<VirtualNode> nodes;
  private final Agent agent;
  private boolean closed;

  private Sandbox(
      KubeApiServer apiServer,
      FakeCubeCloud cloud,
      UCloudApiEmulator emulator,
      ApiClient client,
      List<VirtualNode> nodes,
      Agent agent) {
    this.apiServer = apiServer;
    this.cloud = cloud;
    this.emulator = emulator;
    this.client = client;
    this.nodes = nodes;
    this.agent = agent;
  }

  /**
   * Starts everything and waits until the agent runs (its nodes registered).
   *
   * @throws IllegalStateException when the agent cannot start (with what went wrong)
   */
  static Sandbox start(Settings settings) throws IOException {
    KubeApiServer apiServer =
        KubeApiServer.builder()
            .https(true)
            .host("127.0.0.1")
            .port(settings.apiServerPort())
            // metrics-server's 15 s would keep the first kubectl top empty for half a minute.
            .metricsResolution(METRICS_RESOLUTION)
            .start();
    FakeCubeCloud cloud = null;
    UCloudApiEmulator emulator = null;
    try {
      apiServer.store().addListener(Sandbox::logEvent);
      apiServer.writeKubeconfig(settings.kubeconfig());
      cloud = settings.knobs().build();
      // What the UDisk CSI driver and the volume controllers do on UK8S
      // (docs/storage-and-tokens.md).
      UDiskProvisioner.install(apiServer, cloud);
      List<VirtualNode> nodes = nodes(settings);
      ApiClient client = clientFrom(settings.kubeconfig());
      List<Module> modules = new ArrayList<>();
      if (settings.cloud() == CloudKind.emulator) {
        emulator =
            UCloudApiEmulator.builder(cloud)
                .keyPair(EMULATOR_PUBLIC_KEY, EMULATOR_PRIVATE_KEY)
                .start();
        modules.add(
            new EmulatedUCloudModule(
                cloud,
                emulator,
                UCloudCredentials.of(EMULATOR_PUBLIC_KEY, EMULATOR_PRIVATE_KEY),
                UCloudEndpoint.of(REGION, ZONE)));
      } else {
        modules.add(new FakeCloudModule(cloud));
      }
      modules.add(new KubernetesClusterModule(client, KubernetesClusterModule.Options.defaults()));
      PrometheusRegistry registry = new PrometheusRegistry();
      modules.add(new MetricsModule(registry));
      settings
          .metricsPort()
          .ifPresent(
              port ->
                  modules.add(
                      new MetricsServerModule(new InetSocketAddress(KUBELET_ADDRESS, port))));
      // The kubelet API as on a real node: a serving certificate through a CSR the API server
      // signs, its client certificate checked against the same CA, tokens and access reviews
      // asked of it.
      modules.add(
          new KubeletApiModule(
              client, KubeletApiModule.Settings.local(apiServer.caCertificatePem())));
      modules.add(
          new EngineModule(
              new AgentSettings(
                  nodes,
                  // Each node's kubelet API binds a free port; its Node advertises that one.
                  NodeSettings.defaults(Optional.of(KUBELET_ADDRESS), 0),
                  // The fake cloud samples usage every 10 s: fetching it as often lets kubectl top
                  // answer within half a minute of a pod's start (30 s by default).
                  PodEngine.Settings.defaults().withStats(SANDBOX_STATS),
                  new NodeInfo(
                      "v1.32.0-cube-vk-" + VersionProvider.version(),
                      "UCloud Cube (sandbox)",
                      "amd64"))));
      Agent agent;
      try {
        agent = Agent.create(modules);
      } catch (RuntimeException e) {
        throw new IllegalStateException("cannot assemble the agent: " + rootMessage(e), e);
      }
      Sandbox sandbox = new Sandbox(apiServer, cloud, emulator, client, nodes, agent);
      try {
        agent.startAsync().awaitRunning();
      } catch (IllegalStateException e) {
        sandbox.close();
        throw new IllegalStateException(
            "the sandbox's agent did not start: " + rootMessage(agent.failureCause()), e);
      }
      return sandbox;
    } catch (IOException | RuntimeException e) {
      if (emulator != null) {
        emulator.close();
      }
      if (cloud != null) {
        cloud.close();
      }
      apiServer.close();
      throw e;
    }
  }

  /** Node names are drawn from the seed: the same seed, the same names, run after run. */
  static List<VirtualNode> nodes(Settings settings) {
    Random random = new Random(settings.knobs().seed);
    Set<String> names = new LinkedHashSet<>();
    while (names.size() < settings.nodes()) {
      names.add(VirtualNode.generateName(CLUSTER_ID, random));
    }
    List<VirtualNode> nodes = new ArrayList<>();
    for (String name : names) {
      nodes.add(
          new VirtualNode.Builder()
              .clusterId(CLUSTER_ID)
              .name(name)
              .region(REGION)
              .zone(ZONE)
              .vpcId("uvnet-sandbox")
              .subnetId("subnet-sandbox")
              .maxPods(settings.maxPods())
              .build());
    }
    return nodes;
  }

  static ApiClient clientFrom(Path kubeconfig) throws IOException {
    try (Reader reader = Files.newBufferedReader(kubeconfig, StandardCharsets.UTF_8)) {
      KubeConfig config = KubeConfig.loadKubeConfig(reader);
      config.setFile(kubeconfig.toFile());
      ApiClient client = ClientBuilder.kubeconfig(config).build();
      // Watches are long-lived: no read timeout, as for client-java's informers.
      client.setHttpClient(
          client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
      return client;
    }
  }

  KubeApiServer apiServer() {
    return apiServer;
  }

  FakeCubeCloud cloud() {
    return cloud;
  }

  ApiClient client() {
    return client;
  }

  List<VirtualNode> nodes() {
    return nodes;
  }

  Agent agent() {
    return agent;
  }

  /** Stops the agent first (its nodes stay registered in a server that goes away with it). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      agent.stopAsync().awaitTerminated(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.warn("the agent did not stop within 60 s; closing the sandbox anyway");
    } catch (IllegalStateException e) {
      // failed: already stopped
    }
    if (emulator != null) {
      emulator.close();
    }
    cloud.close();
    apiServer.close();
  }

  /** One line per Kubernetes Event and per pod phase change: what happens, as it happens. */
  private static void logEvent(StoreEvent event) {
    String resource = event.resource().plural();
    if (resource.equals("events") && !event.type().equals("DELETED")) {
      ObjectNode e = event.object();
      JsonNode involved = e.has("involvedObject") ? e.path("involvedObject") : e.path("regarding");
      long count = e.path("count").asLong(1);
      long before = event.previous() == null ? 0 : event.previous().path("count").asLong(1);
      if (event.type().equals("MODIFIED") && count == before) {
        return; // a rewrite, not a new occurrence
      }
      log.info(
          "{} {} {}/{}{}: {}{}",
          e.path("type").asText("Normal"),
          e.path("reason").asText(),
          involved.path("kind").asText().toLowerCase(java.util.Locale.ROOT),
          involved.path("namespace").asText().isEmpty()
              ? ""
              : involved.path("namespace").asText() + "/",
          involved.path("name").asText(),
          e.has("message") ? e.path("message").asText() : e.path("note").asText(),
          count > 1 ? " (x" + count + ")" : "");
    } else if (resource.equals("pods")) {
      String phase = event.object().path("status").path("phase").asText("");
      String previous =
          event.previous() == null ? "" : event.previous().path("status").path("phase").asText("");
      if (event.type().equals("DELETED")) {
        log.info("pod {} deleted", podName(event.object()));
      } else if (!phase.equals(previous) && !phase.isEmpty()) {
        log.info(
            "pod {} is {}{}",
            podName(event.object()),
            phase,
            event.object().path("spec").path("nodeName").asText("").isEmpty()
                ? ""
                : " on " + event.object().path("spec").path("nodeName").asText());
      }
    }
  }

  private static String podName(ObjectNode pod) {
    return pod.path("metadata").path("namespace").asText()
        + "/"
        + pod.path("metadata").path("name").asText();
  }

  static String rootMessage(Throwable e) {
    if (e == null) {
      return "unknown cause";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
