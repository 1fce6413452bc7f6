package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code cube-vk sandbox} as README.md starts it, in this JVM: the in-process API server over
 * HTTPS, the fake cloud, the agent wired as {@code cube-vk run} wires it.
 */
class SandboxCommandIT {

  static final Path SEED = Path.of("..", "examples", "seed");

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run sandbox(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all =
        new ArrayList<>(List.of("sandbox", "--kubeconfig", dir.resolve("k").toString()));
    all.addAll(List.of("--create-delay", "100ms"));
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void theReadmesFirstPodSettlesRunningAsACubeAndTheTableSaysSo() throws IOException {
    Run run = sandbox("--apply", SEED.resolve("01-pod-nginx.yaml").toString(), "--until-settled");

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    String header = lines.stream().filter(l -> l.startsWith("NAMESPACE")).findFirst().orElseThrow();
    assertThat(header.split("\\s+"))
        .containsExactly("NAMESPACE", "NAME", "NODE", "PHASE", "REASON", "SIZE", "CUBE", "IP");
    String nginx = lines.stream().filter(l -> l.startsWith("default ")).findFirst().orElseThrow();
    // the seed's pod asks for 2 CPUs and 2048Mi: the smallest Cube size covering it is 2/2Gi
    assertThat(nginx.split("\\s+"))
        .satisfies(
            cols -> {
              assertThat(cols[1]).isEqualTo("nginx");
              assertThat(cols[2]).matches("uk8s-sandbox0-vk-[a-z0-9]{5}");
              assertThat(cols[3]).isEqualTo("Running");
              assertThat(cols[5]).isEqualTo("2/2Gi");
              assertThat(cols[6]).startsWith("cube-");
              assertThat(cols[7]).matches("10\\.9\\.\\d+\\.\\d+");
            });
    assertThat(run.out()).contains("export KUBECONFIG=" + dir.resolve("k").toAbsolutePath());
    assertThat(Files.readString(dir.resolve("k"))).contains("certificate-authority-data");
  }

  static Stream<Arguments> seedExamples() {
    return Stream.of(
        Arguments.of("01-pod-nginx.yaml", List.of("01-pod-nginx.yaml"), 1),
        Arguments.of("02-secret-default-token.yaml", List.of("02-secret-default-token.yaml"), 0),
        // the seed creates the token Secret (02) before the Deployment that mounts it
        Arguments.of(
            "03-deployment-explicit-token.yaml",
            List.of("02-secret-default-token.yaml", "03-deployment-explicit-token.yaml"),
            1),
        Arguments.of(
            "04-udisk-storageclass-pvc-pod.yaml", List.of("04-udisk-storageclass-pvc-pod.yaml"), 1),
        // the seed's `kubectl create secret docker-registry myhub --from-file=.dockerconfigjson`
        Arguments.of(
            "06-deployment-own-registry.yaml",
            List.of("myhub", "06-deployment-own-registry.yaml"),
            1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seedExamples")
  void eachSeedExampleSettlesWithEveryPodRunning(String example, List<String> files, int pods)
      throws IOException {
    List<String> args = new ArrayList<>();
    args.add("--apply");
    for (String file : files) {
      args.add(file.equals("myhub") ? myhubSecret().toString() : SEED.resolve(file).toString());
    }
    args.addAll(List.of("--until-settled", "--timeout", "60s", "-o", "json"));

    Run run = sandbox(args.toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isZero();
    JsonArray rows = JsonParser.parseString(run.out()).getAsJsonArray();
    assertThat(rows).hasSize(pods);
    for (JsonElement row : rows) {
      JsonObject pod = row.getAsJsonObject();
      assertThat(pod.get("phase").getAsString()).as(pod.toString()).isEqualTo("Running");
      assertThat(pod.get("cubeId").getAsString()).startsWith("cube-");
      assertThat(pod.get("cpu").isJsonNull()).isFalse();
      assertThat(pod.get("reason").isJsonNull()).isTrue();
    }
  }

  @Test
  void withTheEmulatorTheRealUCloudAdapterRunsThePodOverHttp() {
    Run run =
        sandbox(
            "--cloud",
            "emulator",
            "--apply",
            SEED.resolve("01-pod-nginx.yaml").toString(),
            "--until-settled",
            "-o",
            "json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject nginx = JsonParser.parseString(run.out()).getAsJsonArray().get(0).getAsJsonObject();
    assertThat(nginx.get("phase").getAsString()).isEqualTo("Running");
    assertThat(nginx.get("cpu").getAsString()).isEqualTo("2");
    assertThat(nginx.get("memory").getAsString()).isEqualTo("2Gi");
    assertThat(run.out()).doesNotContain("kubectl"); // the instructions went to stderr
    assertThat(run.err()).contains("emulated UCloud API");
  }

  @Test
  void aPodThatCanNeverRunIsReportedFailedWithItsMessagesAndStillSettles() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: too-big}
        spec:
          nodeSelector: {type: virtual-kubelet}
          tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]
          automountServiceAccountToken: false
          hostNetwork: true
          containers:
            - name: c
              image: uhub.ucloud-global.com/ucloud/nginx:latest
              resources: {requests: {cpu: "16", memory: 64Gi}}
        """);

    Run run = sandbox("--apply", bad.toString(), "--until-settled");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("default\\s+too-big\\s+\\S+\\s+Failed\\s+UnsupportedPodSpec")
        .contains("default/too-big failed (UnsupportedPodSpec): ")
        .contains("hostNetwork");
  }

  @Test
  void aPodThatNeverSettlesEndsWithExitOneAfterTheTimeoutNamingIt() throws IOException {
    Path waiting = dir.resolve("waiting.yaml");
    Files.writeString(
        waiting,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: needs-secret}
        spec:
          nodeSelector: {type: virtual-kubelet}
          tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]
          automountServiceAccountToken: false
          containers:
            - name: c
              image: uhub.ucloud-global.com/ucloud/nginx:latest
              envFrom: [{secretRef: {name: never-created}}]
        """);

    Run run = sandbox("--apply", waiting.toString(), "--until-settled", "--timeout", "3s");

    assertThat(run.exit()).isEqualTo(SandboxCommand.NOT_SETTLED);
    assertThat(run.err())
        .contains(
            "not settled after 3s: pod default/needs-secret is Pending (CreateContainerConfigError)");
    assertThat(run.out())
        .containsPattern("needs-secret\\s+\\S+\\s+Pending\\s+CreateContainerConfigError");
  }

  @Test
  void kubectlWorksAgainstTheSandboxWithItsKubeconfig() throws Exception {
    Path kubectl = Path.of("/usr/bin/kubectl");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(kubectl), "no kubectl here");
    FakeCloudKnobs knobs =
        CommandLine.populateCommand(new FakeCloudKnobs(), "--create-delay", "100ms");
    Path kubeconfig = dir.resolve("sandbox.kubeconfig");
    try (Sandbox sandbox =
        Sandbox.start(
            new Sandbox.Settings(
                2,
                200,
                kubeconfig,
                Sandbox.CloudKind.fake,
                knobs,
                0,
                java.util.Optional.empty()))) {
      String nodes =
          kubectl(kubectl, kubeconfig, "get", "nodes", "-l", "type=virtual-kubelet", "-o", "name");
      assertThat(nodes.lines()).hasSize(2).allMatch(l -> l.startsWith("node/uk8s-sandbox0-vk-"));

      kubectl(kubectl, kubeconfig, "create", "-f", SEED.resolve("01-pod-nginx.yaml").toString());
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(
              () ->
                  kubectl(
                          kubectl,
                          kubeconfig,
                          "get",
                          "pod",
                          "nginx",
                          "-o",
                          "jsonpath={.status.phase}")
                      .equals("Running"));
      assertThat(kubectl(kubectl, kubeconfig, "get", "pod", "nginx", "-o", "wide"))
          .contains("uk8s-sandbox0-vk-");
      // the welcome's hints: logs and exec reach the node's kubelet API
      assertThat(kubectl(kubectl, kubeconfig, "logs", "nginx")).contains("fake-cube:");
      assertThat(kubectl(kubectl, kubeconfig, "exec", "nginx", "--", "env"))
          .contains("HOSTNAME=nginx");
    }
  }

  private String kubectl(Path kubectl, Path kubeconfig, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                kubectl.toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--cache-dir",
                dir.resolve("kube-cache").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
    return out.strip();
  }

  @Test
  void sigtermStopsTheSandboxCleanly() throws Exception {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                javaBin.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // the product's logging, not the tests' (which is quiet)
                "-Dlogback.configurationFile=logback.xml",
                Main.class.getName(),
                "sandbox",
                "--kubeconfig",
                dir.resolve("k").toString())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    try (var out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      String line;
      do {
        line = out.readLine();
        lines.add(line);
      } while (line != null && !line.startsWith("Ctrl-C stops the sandbox"));
      assertThat(line).as(Files.readString(dir.resolve("stderr.txt"))).isNotNull();
      // stdout is for results: nothing of the logging (not even Logback's own status) is on it
      assertThat(lines.get(0)).startsWith("cube-vk sandbox: API server https://127.0.0.1:");

      child.destroy(); // SIGTERM

      assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(dir.resolve("stderr.txt")))
        .contains("stopping cube-vk")
        .contains("cube-vk stopped");
  }

  /** What {@code kubectl create secret docker-registry myhub --from-file=...} creates. */
  private Path myhubSecret() throws IOException {
    byte[] config = Files.readAllBytes(SEED.resolve("05-dockerconfigjson.json"));
    Path secret = dir.resolve("myhub.yaml");
    Files.writeString(
        secret,
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: myhub\ntype: kubernetes.io/dockerconfigjson\n"
            + "data:\n  .dockerconfigjson: "
            + Base64.getEncoder().encodeToString(config)
            + "\n",
        StandardCharsets.UTF_8);
    return secret;
  }
}
