package io.cubevk.app.cli;

import com.google.inject.Module;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.ucloud.UCloudCredentials;
import io.cubevk.adapter.ucloud.UCloudEndpoint;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.app.engine.pod.PodEngine;
import io.cubevk.app.wiring.Agent;
import io.cubevk.app.wiring.AgentSettings;
import io.cubevk.app.wiring.EngineModule;
import io.cubevk.app.wiring.FakeCloudModule;
import io.cubevk.app.wiring.KubeletApiModule;
import io.cubevk.app.wiring.KubernetesClusterModule;
import io.cubevk.app.wiring.LiveNodeSetModule;
import io.cubevk.app.wiring.MetricsModule;
import io.cubevk.app.wiring.MetricsServerModule;
import io.cubevk.app.wiring.NodeSetSource;
import io.cubevk.app.wiring.UCloudCloudModule;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cluster.NodeInfo;
import io.kubernetes.client.openapi.ApiClient;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cube-vk run}: the agent against a real cluster and the real Cube API. Every problem with
 * the configuration is reported at once before anything starts (exit 2); a failure while running
 * exits 1; a stop by SIGTERM or Ctrl-C exits 0.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the agent: registers the node set's virtual nodes in the cluster and runs every pod"
          + " bound to them as a UCloud Cube, until stopped (SIGTERM, Ctrl-C).",
      "",
      "The node set (YAML; see docs/operations.md) comes from a ConfigMap (default"
          + " cube-vk-system/cube-vk, key config.yaml) or a file, and is followed live: a node"
          + " added registers, a node removed is no longer served (its Cubes stay; kubectl delete"
          + " node deletes them).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  UCLOUD_PUBLIC_KEY=... UCLOUD_PRIVATE_KEY=... cube-vk run --kubelet-address 10.9.1.5",
      "      In-cluster or with KUBECONFIG; node set from the ConfigMap cube-vk-system/cube-vk.",
      "  cube-vk run --kubeconfig ~/.kube/uk8s --config nodes.yaml --credentials-file ucloud.env",
      "  cube-vk run --cloud fake --config nodes.yaml",
      "      Tries the agent on a real cluster without a Cube account (Cubes are simulated).",
      "",
      "Exit codes: 0 stopped, 1 failed while running, 2 configuration problems."
    })
final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger("cube-vk.run");

  static final int STOPPED = 0;
  static final int FAILED = 1;
  static final int BAD_CONFIG = 2;

  enum CloudKind {
    ucloud,
    fake
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The cluster; default: KUBECONFIG, the pod's service account, ~/.kube/config.")
  Path kubeconfig;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Reads the node set from this YAML file instead of a ConfigMap.")
  Path configFile;

  @Option(
      names = "--config-map",
      paramLabel = "NAMESPACE/NAME",
      defaultValue = NodeSetLocation.DEFAULT_CONFIG_MAP,
      description = "The ConfigMap holding the node set (default: ${DEFAULT-VALUE}).")
  String configMap;

  @Option(
      names = "--config-key",
      defaultValue = NodeSetLocation.DEFAULT_KEY,
      description = "The ConfigMap's key with the YAML (default: ${DEFAULT-VALUE}).")
  String configKey;

  @Option(
      names = "--config-poll-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How often the node set is read again (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--kubelet-address",
      paramLabel = "IP",
      description =
          "The address the Nodes advertise (InternalIP) for their kubelet API; default: the"
              + " POD_IP environment variable.")
  String kubeletAddress;

  @Option(
      names = "--kubelet-port",
      defaultValue = "10250",
      description =
          "The first node's kubelet API port; each further node takes the next free one, and its"
              + " Node advertises it. 0: any free port per node (default: ${DEFAULT-VALUE}).")
  int kubeletPort;

  @Option(
      names = "--kubelet-bind-address",
      defaultValue = "0.0.0.0",
      paramLabel = "IP",
      description = "Where the kubelet APIs listen (default: ${DEFAULT-VALUE}).")
  String kubeletBindAddress;

  @Option(
      names = "--kubelet-tls-cert-file",
      paramLabel = "FILE",
      description =
          "The kubelet APIs' serving certificate (PEM chain), with --kubelet-tls-private-key-file;"
              + " default: each node requests one from the cluster (CSR, signer"
              + " kubernetes.io/kubelet-serving, which needs an approver) and renews it.")
  Path kubeletCertFile;

  @Option(
      names = "--kubelet-tls-private-key-file",
      paramLabel = "FILE",
      description = "The key of --kubelet-tls-cert-file (PEM).")
  Path kubeletKeyFile;

  @Option(
      names = "--kubelet-client-ca-file",
      paramLabel = "FILE",
      description =
          "The CAs client certificates (the API server's) are checked against; default: the"
              + " cluster CA of the kubeconfig or service account. Bearer tokens are checked by"
              + " TokenReview either way.")
  Path kubeletClientCaFile;

  @Option(
      names = "--metrics-port",
      defaultValue = "9090",
      description =
          "Serves /metrics, /healthz and /readyz on this port; 0 turns it off (default:"
              + " ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--metrics-address",
      defaultValue = "0.0.0.0",
      description = "The address the metrics port listens on (default: ${DEFAULT-VALUE}).")
  String metricsAddress;

  @Option(
      names = "--cloud",
      defaultValue = "ucloud",
      description =
          "ucloud: the real Cube API; fake: an in-memory cloud, to try the agent on a cluster"
              + " without a Cube account (default: ${DEFAULT-VALUE}).")
  CloudKind cloud;

  @Option(
      names = "--credentials-file",
      paramLabel = "FILE",
      description =
          "UCLOUD_PUBLIC_KEY=..., UCLOUD_PRIVATE_KEY=... (and UCLOUD_SECURITY_TOKEN=...) lines;"
              + " default: those environment variables.")
  Path credentialsFile;

  @Option(
      names = "--ucloud-endpoint",
      paramLabel = "URL",
      description =
          "The UCloud API's URL (default: "
              + UCloudEndpoint.DEFAULT_BASE_URL
              + "; from inside a VPC: "
              + UCloudEndpoint.VPC_BASE_URL
              + ").")
  String endpoint;

  @Option(
      names = "--ucloud-terminal-exec",
      description =
          "Serves exec through Cube's web terminal, whose protocol is not public (an"
              + " assumption; see docs/ucloud-adapter.md).")
  boolean terminalExec;

  @Option(
      names = "--ucloud-rate-limit",
      defaultValue = "20",
      description = "Cube API calls per second, retries included (default: ${DEFAULT-VALUE}).")
  double rateLimit;

  @Mixin FakeCloudKnobs knobs;

  private Map<String, String> env = System.getenv();
  private Consumer<Agent> observer = agent -> {};

  /** Tests give their own environment instead of the process's. */
  RunCommand withEnvironment(Map<String, String> env) {
    this.env = env;
    return this;
  }

  /** Called with the started agent (tests stop it through this). */
  RunCommand observedBy(Consumer<Agent> observer) {
    this.observer = observer;
    return this;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    List<String> problems = new ArrayList<>();
    if (kubeletPort < 0 || kubeletPort > 65535) {
      problems.add(
          "--kubelet-port: " + kubeletPort + " is not a port; accepted: 0 (any free) to 65535");
    }
    if ((kubeletCertFile == null) != (kubeletKeyFile == null)) {
      problems.add(
          "--kubelet-tls-cert-file and --kubelet-tls-private-key-file: give both or neither");
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      problems.add("--metrics-port: " + metricsPort + " is not a port; accepted: 0 (off) to 65535");
    }
    if (pollInterval.isZero() || pollInterval.isNegative()) {
      problems.add("--config-poll-interval: must be positive, e.g. 10s");
    }
    if (!(rateLimit > 0)) {
      problems.add("--ucloud-rate-limit: must be a positive number of calls per second");
    }
    if (cloud == CloudKind.fake) {
      problems.addAll(knobs.problems());
    }

    ApiClient client = null;
    try {
      client = Kubeconfigs.client(Optional.ofNullable(kubeconfig), env);
    } catch (Exception e) {
      problems.add(
          Kubeconfigs.describe(Optional.ofNullable(kubeconfig), env).orElse("kubeconfig")
              + ": "
              + e.getMessage());
    }

    NodeSetLocation location = null;
    NodeSetConfig config = null;
    try {
      location =
          configFile != null
              ? new NodeSetLocation.File(configFile)
              : client != null ? new NodeSetLocation.ConfigMap(client, configMap, configKey) : null;
    } catch (IllegalArgumentException e) {
      problems.add("--config-map: " + e.getMessage());
    }
    if (location != null) {
      try {
        config = NodeSetConfig.parse(location.describe(), location.read());
      } catch (NodeSetConfig.Invalid e) {
        problems.addAll(e.problems());
      } catch (RuntimeException e) {
        problems.add(e.getMessage());
      }
    }

    Optional<UCloudCredentials> credentials = Optional.empty();
    UCloudEndpoint ucloudEndpoint = null;
    if (cloud == CloudKind.ucloud) {
      credentials = CredentialsSource.read(Optional.ofNullable(credentialsFile), env, problems);
      if (config != null) {
        try {
          ucloudEndpoint = endpointFor(config);
        } catch (IllegalArgumentException e) {
          problems.add("--ucloud-endpoint: " + e.getMessage());
        }
      }
    }
    Optional<String> address =
        Optional.ofNullable(kubeletAddress).or(() -> Optional.ofNullable(env.get("POD_IP")));
    Optional<String> clientCa = Optional.empty();
    try {
      clientCa =
          kubeletClientCaFile != null
              ? Optional.of(Files.readString(kubeletClientCaFile, StandardCharsets.US_ASCII))
              : Kubeconfigs.clusterCa(Optional.ofNullable(kubeconfig), env);
    } catch (IOException e) {
      problems.add(
          (kubeletClientCaFile != null
                  ? "--kubelet-client-ca-file " + kubeletClientCaFile
                  : "the cluster CA")
              + ": cannot read it: "
              + Kubeconfigs.why(e));
    }

    if (!problems.isEmpty()) {
      err.println("cube-vk run: cannot start; fix these and run again:");
      problems.forEach(p -> err.println("  " + p));
      err.flush();
      return BAD_CONFIG;
    }
    if (address.isEmpty()) {
      log.warn(
          "no --kubelet-address and no POD_IP: the Nodes advertise no InternalIP, so the API"
              + " server cannot reach their kubelet API (logs, exec)");
    }

    PrometheusRegistry registry = new PrometheusRegistry();
    List<Module> modules = new ArrayList<>();
    FakeCubeCloud fake = null;
    if (cloud == CloudKind.fake) {
      fake = knobs.build();
      modules.add(new FakeCloudModule(fake));
    } else {
      modules.add(
          new UCloudCloudModule(
              credentials.orElseThrow(),
              ucloudEndpoint,
              new UCloudCloudModule.Options(terminalExec, rateLimit)));
    }
    boolean serviceLinks = config.nodes().stream().anyMatch(VirtualNode::clusterIpSupport);
    modules.add(
        new KubernetesClusterModule(
            client,
            new KubernetesClusterModule.Options(
                serviceLinks,
                config.clusterDns(),
                KubernetesClusterModule.Options.defaults().resyncPeriod())));
    modules.add(new MetricsModule(registry));
    if (metricsPort > 0) {
      JvmMetrics.builder().register(registry);
      modules.add(new MetricsServerModule(new InetSocketAddress(metricsAddress, metricsPort)));
    }
    NodeSetLocation source = location;
    modules.add(
        new LiveNodeSetModule(
            new NodeSetSource() {
              @Override
              public List<VirtualNode> read() {
                return NodeSetConfig.parse(source.describe(), source.read()).nodes();
              }

              @Override
              public String describe() {
                return source.describe();
              }
            },
            pollInterval));
    if (clientCa.isEmpty()) {
      log.warn(
          "no cluster CA (plain HTTP to the API server?) and no --kubelet-client-ca-file: the"
              + " kubelet API accepts bearer tokens only, not the API server's client certificate");
    }
    modules.add(
        new KubeletApiModule(
            client,
            new KubeletApiModule.Settings(
                kubeletBindAddress,
                kubeletPort,
                kubeletCertFile == null
                    ? Optional.empty()
                    : Optional.of(
                        new KubeletApiModule.CertificateFiles(kubeletCertFile, kubeletKeyFile)),
                clientCa,
                Duration.ofSeconds(1),
                false)));
    modules.add(
        new EngineModule(
            new AgentSettings(
                config.nodes(),
                NodeSettings.defaults(address, kubeletPort),
                PodEngine.Settings.defaults(),
                new NodeInfo(
                    "v1.32.0-cube-vk-" + VersionProvider.version(), "UCloud Cube", "amd64"))));

    FakeCubeCloud fakeCloud = fake;
    Agent agent;
    try {
      agent = Agent.create(modules);
    } catch (RuntimeException e) { // a wiring error is a bug, but say what it is in one line
      err.println("cube-vk run: cannot assemble the agent: " + Sandbox.rootMessage(e));
      err.flush();
      if (fakeCloud != null) {
        fakeCloud.close();
      }
      return FAILED;
    }
    Thread hook =
        new Thread(
            () -> {
              try {
                agent.stopAsync().awaitTerminated(Duration.ofSeconds(60));
              } catch (TimeoutException | IllegalStateException e) {
                // failed or slow: the process ends anyway
              }
            },
            "cube-vk-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      agent.startAsync().awaitRunning();
      log.info(
          "cube-vk {} runs {} virtual node{} of {} ({}); node set from {}",
          VersionProvider.version(),
          config.nodes().size(),
          config.nodes().size() == 1 ? "" : "s",
          config.clusterId(),
          cloud == CloudKind.fake ? "fake cloud" : "UCloud " + config.region(),
          location.describe());
      observer.accept(agent);
      agent.awaitTerminated();
      return STOPPED;
    } catch (IllegalStateException e) {
      err.println("cube-vk run: " + Sandbox.rootMessage(agent.failureCause()));
      err.flush();
      return FAILED;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
      if (agent.isRunning()) {
        agent.stopAsync().awaitTerminated(60, TimeUnit.SECONDS);
      }
      if (fakeCloud != null) {
        fakeCloud.close();
      }
    }
  }

  private UCloudEndpoint endpointFor(NodeSetConfig config) {
    // One adapter serves every node: actions without a placement (metrics, UDisk) go to the
    // node set's default zone.
    String zone = config.zone();
    UCloudEndpoint e = UCloudEndpoint.of(config.region(), zone);
    if (config.projectId().isPresent()) {
      e = e.withProjectId(config.projectId().get());
    }
    return endpoint == null ? e : e.withBaseUrl(endpoint);
  }
}
