package io.cubevk.app.cli;

import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.Service;
import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.app.wiring.Agent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;

/**
 * An in-process API server (HTTPS) with the node set in its ConfigMap, and {@code cube-vk run} /
 * {@code cube-vk node} run against it through a kubeconfig, as an operator would.
 */
final class AgentHarness implements AutoCloseable {

  static final String AGENT_USER = "system:serviceaccount:cube-vk-system:cube-vk";

  record Result(int exit, String out, String err) {}

  final KubeApiServer server;
  final Path kubeconfig;
  private final AtomicReference<Agent> agent = new AtomicReference<>();
  private CompletableFuture<Result> running;

  /**
   * @param dir where the kubeconfig goes
   * @param config the node set's YAML, stored in cube-vk-system/cube-vk
   */
  AgentHarness(Path dir, String config) throws IOException {
    server = KubeApiServer.builder().https(true).start();
    String token = "agent-token-" + System.nanoTime();
    server.addToken(token, AGENT_USER, List.of("system:serviceaccounts"));
    kubeconfig = dir.resolve("agent.kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster: {server: "%s", certificate-authority-data: "%s"}
        users:
        - name: cube-vk
          user: {token: "%s"}
        contexts:
        - name: test
          context: {cluster: test, user: cube-vk}
        current-context: test
        """
            .formatted(
                server.url(),
                java.util.Base64.getEncoder()
                    .encodeToString(server.caCertificatePem().getBytes(StandardCharsets.US_ASCII)),
                token),
        StandardCharsets.UTF_8);
    server.create(
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"cube-vk-system\"}}");
    server.create(
        new com.google.gson.Gson()
            .toJson(
                Map.of(
                    "apiVersion",
                    "v1",
                    "kind",
                    "ConfigMap",
                    "metadata",
                    Map.of("name", "cube-vk", "namespace", "cube-vk-system"),
                    "data",
                    Map.of("config.yaml", config))));
  }

  /** Starts {@code cube-vk run --cloud fake} against the server; returns once the agent runs. */
  Agent startAgent(String... extraArgs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kubeconfig",
                kubeconfig.toString(),
                "--cloud",
                "fake",
                "--create-delay",
                "100ms",
                "--config-poll-interval",
                "200ms",
                "--metrics-port",
                "0",
                // Each node's kubelet API on a free port of 127.0.0.1, advertised there.
                "--kubelet-address",
                "127.0.0.1",
                "--kubelet-bind-address",
                "127.0.0.1",
                "--kubelet-port",
                "0"));
    args.addAll(List.of(extraArgs));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        new CommandLine(new RunCommand().withEnvironment(Map.of()).observedBy(agent::set));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    running =
        CompletableFuture.supplyAsync(
            () ->
                new Result(
                    cli.execute(args.toArray(String[]::new)), out.toString(), err.toString()));
    await().atMost(Duration.ofSeconds(60)).until(() -> agent.get() != null || running.isDone());
    if (agent.get() == null) {
      throw new AssertionError("cube-vk run ended: " + running.join());
    }
    return agent.get();
  }

  /** Stops the agent as SIGTERM would and returns how {@code run} ended. */
  Result stopAgent() throws Exception {
    Agent a = agent.getAndSet(null);
    if (a == null) {
      return null;
    }
    a.stopAsync().awaitTerminated(60, TimeUnit.SECONDS);
    return running.get(60, TimeUnit.SECONDS);
  }

  boolean agentRunning() {
    Agent a = agent.get();
    return a != null && a.state() == Service.State.RUNNING;
  }

  /** {@code cube-vk node ARGS} with this harness's kubeconfig, as an admin would run it. */
  Result node(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new NodeCommand().withEnvironment(Map.of()));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--kubeconfig");
    all.add(2, kubeconfig.toString());
    int exit = cli.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  String configYaml() {
    return server
        .get("v1", "ConfigMap", "cube-vk-system", "cube-vk")
        .path("data")
        .path("config.yaml")
        .asText();
  }

  @Override
  public void close() throws Exception {
    stopAgent();
    server.close();
  }
}
