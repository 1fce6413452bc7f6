package io.cubevk.app.cli;

import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.node.VirtualNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cube-vk sandbox}: the in-process API server, the fake Cube cloud and the agent in one
 * process, no cluster and no cloud account needed. Exit codes: 0 settled (or stopped with Ctrl-C),
 * 1 not settled within {@code --timeout}, 2 bad options or files, 3 the sandbox could not start.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs cube-vk against an in-process Kubernetes API server and a fake Cube cloud, in this one"
          + " process: no cluster, no cloud account.",
      "",
      "It writes a kubeconfig for kubectl, registers the virtual nodes and runs until Ctrl-C,"
          + " logging one line per event. With --until-settled it waits until every pod is"
          + " Running, Succeeded or Failed, prints what became of each and exits.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  ./cube-vk sandbox",
      "      One virtual node; then, in another terminal:",
      "      export KUBECONFIG=$PWD/sandbox.kubeconfig; kubectl get nodes",
      "  ./cube-vk sandbox --apply examples/seed/01-pod-nginx.yaml --until-settled",
      "      Creates the pod, waits for it, prints NAMESPACE NAME NODE PHASE REASON SIZE CUBE IP.",
      "  ./cube-vk sandbox --nodes 3 --create-delay 5s --fail-rate 0.2 --apply app.yaml",
      "      Three nodes, slow Cubes, one Cube API call in five refused (the agent retries).",
      "  ./cube-vk sandbox --cloud emulator --apply app.yaml --until-settled -o json",
      "      The real UCloud adapter over HTTP to the UCloud API emulator; JSON on stdout.",
      "",
      "Exit codes: 0 settled (or stopped), 1 not settled in time, 2 bad options or files,"
          + " 3 the sandbox did not start."
    })
final class SandboxCommand implements Callable<Integer> {

  static final int SETTLED = 0;
  static final int NOT_SETTLED = 1;
  static final int BAD_INPUT = 2;
  static final int DID_NOT_START = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--nodes",
      defaultValue = "1",
      paramLabel = "N",
      description = "Virtual nodes to register, 1 to 8 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--max-pods",
      defaultValue = "200",
      description = "Max pods per node, 1 to 200 (default: ${DEFAULT-VALUE}).")
  int maxPods;

  @Option(
      names = "--kubeconfig",
      defaultValue = "sandbox.kubeconfig",
      paramLabel = "FILE",
      description = "Where to write the kubeconfig for kubectl (default: ./${DEFAULT-VALUE}).")
  Path kubeconfig;

  @Option(
      names = "--cloud",
      defaultValue = "fake",
      description =
          "fake: the in-memory cloud; emulator: the real UCloud adapter over the UCloud API"
              + " emulator (default: ${DEFAULT-VALUE}).")
  Sandbox.CloudKind cloud;

  @Option(
      names = "--apply",
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "Creates every document of the files through the API server, in dependency order"
              + " (Namespaces, ServiceAccounts, Secrets, ConfigMaps, StorageClasses, PVs, PVCs,"
              + " Services, workloads, Pods).")
  List<Path> apply = new ArrayList<>();

  @Option(
      names = "--until-settled",
      description =
          "Waits until every pod is Running, Succeeded or Failed, prints them and exits"
              + " (0; 1 if --timeout passes first).")
  boolean untilSettled;

  @Option(
      names = "--timeout",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description = "How long --until-settled waits (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description =
          "table, or json: one array of {namespace, name, node, phase, reason, message, cubeId,"
              + " cpu, memory, podIP} on stdout (logs stay on stderr) (default: ${DEFAULT-VALUE}).")
  Output output;

  @Option(
      names = "--port",
      defaultValue = "0",
      description =
          "The API server's port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Serves the agent's /metrics, /healthz and /readyz on 127.0.0.1:PORT.")
  Integer metricsPort;

  @Mixin FakeCloudKnobs knobs;

  enum Output {
    table,
    json
  }

  /** Called with the running sandbox (tests look inside); the default does nothing. */
  interface Observer {
    void started(Sandbox sandbox);
  }

  private Observer observer = sandbox -> {};

  SandboxCommand observedBy(Observer observer) {
    this.observer = observer;
    return this;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter human = output == Output.json ? err : out;
    List<String> problems = new ArrayList<>(knobs.problems());
    if (nodes < 1 || nodes > NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER) {
      problems.add(
          "--nodes: "
              + nodes
              + " is out of range; accepted: 1 to "
              + NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER
              + " (a UK8S cluster supports 8 virtual nodes)");
    }
    if (maxPods < 1 || maxPods > VirtualNode.MAX_PODS_LIMIT) {
      problems.add(
          "--max-pods: "
              + maxPods
              + " is out of range; accepted: 1 to "
              + VirtualNode.MAX_PODS_LIMIT);
    }
    if (timeout.isZero() || timeout.isNegative()) {
      problems.add("--timeout: must be positive, e.g. 120s");
    }
    List<Manifests.Document> documents = Manifests.read(apply, problems);
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("cube-vk sandbox: " + p));
      err.flush();
      return BAD_INPUT;
    }

    Sandbox sandbox;
    try {
      sandbox =
          Sandbox.start(
              new Sandbox.Settings(
                  nodes,
                  maxPods,
                  kubeconfig,
                  cloud,
                  knobs,
                  port,
                  Optional.ofNullable(metricsPort)));
    } catch (IllegalStateException e) {
      err.println("cube-vk sandbox: " + e.getMessage());
      err.flush();
      return DID_NOT_START;
    }
    Thread hook = new Thread(sandbox::close, "cube-vk-sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      observer.started(sandbox);
      printWelcome(human, sandbox);
      if (!documents.isEmpty()) {
        List<String> refused = Manifests.create(sandbox.client(), documents, resolverOf(sandbox));
        if (!refused.isEmpty()) {
          refused.forEach(p -> err.println("cube-vk sandbox: " + p));
          err.flush();
          return BAD_INPUT;
        }
      }
      if (untilSettled) {
        return settle(sandbox, out, err);
      }
      sandbox.agent().awaitTerminated(); // until Ctrl-C closes the sandbox
      return SETTLED;
    } catch (IllegalStateException e) { // the agent failed while running
      err.println("cube-vk sandbox: the agent failed: " + Sandbox.rootMessage(e));
      err.flush();
      return DID_NOT_START;
    } finally {
      sandbox.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already
      }
    }
  }

  private void printWelcome(PrintWriter human, Sandbox sandbox) {
    Path config = kubeconfig.toAbsolutePath().normalize();
    human.printf(
        "cube-vk sandbox: API server %s, %d virtual node%s (%s), %s cloud%n",
        sandbox.apiServer().url(),
        sandbox.nodes().size(),
        sandbox.nodes().size() == 1 ? "" : "s",
        sandbox.nodes().stream().map(VirtualNode::name).collect(Collectors.joining(", ")),
        cloud == Sandbox.CloudKind.fake ? "fake" : "emulated UCloud API over the fake");
    human.printf("Use it with kubectl:%n");
    human.printf("  export KUBECONFIG=%s%n", config);
    human.printf("  kubectl get nodes -o wide%n");
    human.printf("  kubectl create -f examples/seed/01-pod-nginx.yaml%n");
    human.printf("  kubectl get pods -o wide -w%n");
    // Served by each node's kubelet API through the API server, as on a real cluster.
    human.printf("  kubectl logs nginx; kubectl exec nginx -- env%n");
    human.printf("  kubectl top pod   (metrics after about half a minute)%n");
    if (!untilSettled) {
      human.printf("Ctrl-C stops the sandbox (its state is in memory and goes with it).%n");
    }
    human.flush();
  }

  private static Manifests.ResourceResolver resolverOf(Sandbox sandbox) {
    return (group, version, kind) ->
        sandbox
            .apiServer()
            .store()
            .resources()
            .byKind(group, kind)
            .filter(t -> t.version().equals(version))
            .map(t -> new Manifests.Resource(t.plural(), t.namespaced()));
  }

  private int settle(Sandbox sandbox, PrintWriter out, PrintWriter err) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    Settlement last = Settlement.of(sandbox.client());
    while (!last.settled() && Instant.now().isBefore(deadline)) {
      TimeUnit.MILLISECONDS.sleep(200);
      last = Settlement.of(sandbox.client());
    }
    PodReport report =
        PodReport.of(
            last.pods(),
            uid ->
                sandbox.cloud().cubes().stream()
                    .filter(c -> c.podUid().value().equals(uid))
                    .findFirst()
                    .map(ObservedCube.class::cast));
    if (output == Output.json) {
      report.printJson(out);
    } else {
      report.printTable(out);
    }
    if (!last.settled()) {
      err.println(
          "cube-vk sandbox: not settled after "
              + DurationConverter.format(timeout)
              + ": "
              + String.join("; ", last.waitingFor()));
      err.flush();
      return NOT_SETTLED;
    }
    return SETTLED;
  }

  /** Whether every pod has come to rest and every workload has made its pods. */
  record Settlement(List<V1Pod> pods, List<String> waitingFor) {

    private static final Set<String> AT_REST = Set.of("Running", "Succeeded", "Failed");

    boolean settled() {
      return waitingFor.isEmpty();
    }

    static Settlement of(ApiClient client) throws ApiException {
      List<String> waiting = new ArrayList<>();
      // Workloads first, pods after: a workload that reports its pods made is read before the
      // pod list, so that list has them (read the other way round, a Deployment could report
      // its pod while the list, taken a moment earlier, was still empty: settled with none).
      AppsV1Api apps = new AppsV1Api(client);
      apps.listDeploymentForAllNamespaces()
          .execute()
          .getItems()
          .forEach(
              d ->
                  replicas(
                      "deployment",
                      d.getMetadata(),
                      d.getSpec().getReplicas(),
                      d.getStatus() == null ? null : d.getStatus().getReplicas(),
                      d.getStatus() == null ? null : d.getStatus().getObservedGeneration(),
                      waiting));
      apps.listReplicaSetForAllNamespaces()
          .execute()
          .getItems()
          .forEach(
              r ->
                  replicas(
                      "replicaset",
                      r.getMetadata(),
                      r.getSpec().getReplicas(),
                      r.getStatus() == null ? null : r.getStatus().getReplicas(),
                      r.getStatus() == null ? null : r.getStatus().getObservedGeneration(),
                      waiting));
      apps.listStatefulSetForAllNamespaces()
          .execute()
          .getItems()
          .forEach(
              s ->
                  replicas(
                      "statefulset",
                      s.getMetadata(),
                      s.getSpec().getReplicas(),
                      s.getStatus() == null ? null : s.getStatus().getReplicas(),
                      s.getStatus() == null ? null : s.getStatus().getObservedGeneration(),
                      waiting));
      new BatchV1Api(client)
          .listJobForAllNamespaces()
          .execute()
          .getItems()
          .forEach(
              j -> {
                if (j.getStatus() == null
                    || (j.getStatus().getActive() == null
                        && j.getStatus().getSucceeded() == null
                        && j.getStatus().getFailed() == null
                        && j.getStatus().getConditions() == null)) {
                  waiting.add(
                      "job "
                          + j.getMetadata().getNamespace()
                          + "/"
                          + j.getMetadata().getName()
                          + " has no pods yet");
                }
              });
      List<V1Pod> pods = new CoreV1Api(client).listPodForAllNamespaces().execute().getItems();
      for (V1Pod pod : pods) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (!AT_REST.contains(phase)) {
          waiting.add(
              "pod "
                  + pod.getMetadata().getNamespace()
                  + "/"
                  + pod.getMetadata().getName()
                  + " is "
                  + (phase == null ? "new" : phase)
                  + PodReport.reason(pod).map(r -> " (" + r + ")").orElse(""));
        }
      }
      return new Settlement(pods, waiting);
    }

    private static void replicas(
        String kind,
        io.kubernetes.client.openapi.models.V1ObjectMeta meta,
        Integer wanted,
        Integer made,
        Long observedGeneration,
        List<String> waiting) {
      int want = wanted == null ? 1 : wanted;
      long generation = meta.getGeneration() == null ? 0 : meta.getGeneration();
      if (made == null
          || made < want
          || observedGeneration == null
          || observedGeneration < generation) {
        waiting.add(
            kind
                + " "
                + meta.getNamespace()
                + "/"
                + meta.getName()
                + " has "
                + (made == null ? 0 : made)
                + " of "
                + want
                + " pods");
      }
    }
  }
}
