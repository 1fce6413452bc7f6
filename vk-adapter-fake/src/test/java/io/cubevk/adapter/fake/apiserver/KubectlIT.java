package io.cubevk.adapter.fake.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl 1.32 against the server over HTTPS, with the kubeconfig the server writes and a fresh
 * cache directory. Skipped without kubectl, except under CI=true where that is a failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlIT {
  @TempDir static Path dir;
  static KubeApiServer server;
  static FakeKubelet kubelet;
  static String kubectl;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void start() throws IOException {
    kubectl = findKubectl();
    if (kubectl == null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("kubectl is not on PATH, and CI=true requires it");
      }
      Assumptions.abort("kubectl is not on PATH");
    }
    server = KubeApiServer.builder().start();
    server.writeKubeconfig(dir.resolve("kubeconfig"));
    kubelet = new FakeKubelet(server.store(), "vk-1");
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static String findKubectl() {
    for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(p, "kubectl");
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    return null;
  }

  private static ProcessBuilder command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl);
    cmd.add("--kubeconfig=" + dir.resolve("kubeconfig"));
    cmd.add("--cache-dir=" + dir.resolve("cache"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("HOME", dir.toString());
    pb.environment().remove("KUBECONFIG");
    return pb;
  }

  private static Run run(String... args) throws Exception {
    Process p = command(args).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
    }
    return new Run(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static Run ok(String... args) throws Exception {
    Run r = run(args);
    assertThat(r.code()).as("kubectl %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  private static Path file(String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  @Order(1)
  void getNodesShowsARegisteredNode() throws Exception {
    Path node =
        file(
            "node.yaml",
            """
        apiVersion: v1
        kind: Node
        metadata:
          name: vk-1
          labels: {type: virtual-kubelet, kubernetes.io/role: agent}
        status:
          allocatable: {cpu: "8", memory: 32Gi, pods: "200"}
          capacity: {cpu: "8", memory: 32Gi, pods: "200"}
          conditions:
          - {type: Ready, status: "True", reason: KubeletReady, message: ready}
          addresses:
          - {type: InternalIP, address: 10.0.0.1}
          nodeInfo: {kubeletVersion: v1.32.0-vk, osImage: Cube, kernelVersion: "5.10",
            containerRuntimeVersion: "cube://1.0", architecture: amd64, operatingSystem: linux,
            machineID: "", systemUUID: "", bootID: "", kubeProxyVersion: ""}
        """);
    assertThat(ok("create", "-f", node.toString()).out()).contains("node/vk-1 created");
    String out = ok("get", "nodes").out();
    assertThat(out).containsPattern("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION");
    assertThat(out).containsPattern("vk-1\\s+Ready\\s+agent\\s+\\S+\\s+v1.32.0-vk");
  }

  @Test
  @Order(2)
  void createGetWideAndDescribeAPod() throws Exception {
    Path pod =
        file(
            "pod.yaml",
            """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, labels: {app: web}}
        spec:
          containers:
          - name: nginx
            image: nginx:1.27
            ports: [{containerPort: 80}]
        """);
    assertThat(ok("create", "-f", pod.toString()).out()).contains("pod/web created");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ok("get", "pod", "web").out().contains("Running"));
    String wide = ok("get", "pods", "-o", "wide").out();
    assertThat(wide).containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE");
    assertThat(wide)
        .containsPattern("web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+10\\.244\\.0\\.\\d+\\s+vk-1");
    String describe = ok("describe", "pod", "web").out();
    assertThat(describe)
        .contains("Name:             web")
        .contains("Node:             vk-1/")
        .contains("Status:           Running")
        .contains("kube-api-access-")
        .contains("Successfully assigned default/web to vk-1");
  }

  @Test
  @Order(3)
  void describeNodeListsItsPods() throws Exception {
    String out = ok("describe", "node", "vk-1").out();
    assertThat(out)
        .contains("Name:               vk-1")
        .contains("Non-terminated Pods:")
        .contains("default                     web");
  }

  @Test
  @Order(4)
  void applyTwiceWithAChangeUpdatesTheObject() throws Exception {
    String v1 =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, labels: {app: api}}
        spec:
          replicas: 3
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
              - {name: api, image: "api:1", env: [{name: MODE, value: blue}]}
        """;
    assertThat(ok("apply", "-f", file("deploy.yaml", v1).toString()).out())
        .contains("deployment.apps/api created");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                server
                        .store()
                        .list(
                            server.store().resources().require("", "pods"),
                            "default",
                            p ->
                                p.at("/metadata/labels/app").asText().equals("api")
                                    && p.at("/status/phase").asText().equals("Running"))
                        .size()
                    == 3);
    String v2 = v1.replace("api:1", "api:2").replace("value: blue", "value: green");
    assertThat(ok("apply", "-f", file("deploy.yaml", v2).toString()).out())
        .contains("deployment.apps/api configured");
    String image =
        ok(
                "get",
                "deployment",
                "api",
                "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[0].value}")
            .out();
    assertThat(image).isEqualTo("api:2 green");
    assertThat(ok("apply", "-f", file("deploy.yaml", v2).toString()).out())
        .contains("deployment.apps/api unchanged");
  }

  @Test
  @Order(5)
  void aDeploymentScaledFromThreeToOneKeepsOnePod() throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> runningApiPods() == 3);
    assertThat(ok("scale", "deployment", "api", "--replicas=1").out())
        .contains("deployment.apps/api scaled");
    await().atMost(Duration.ofSeconds(15)).until(() -> runningApiPods() == 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> ok("get", "deployment", "api").out().matches("(?s).*api\\s+1/1\\s+1\\s+1\\s+.*"));
  }

  private static long runningApiPods() throws Exception {
    return ok("get", "pods", "-l", "app=api", "--no-headers")
        .out()
        .lines()
        .filter(l -> l.contains("Running"))
        .count();
  }

  @Test
  @Order(6)
  void getWatchPrintsChangesAsTheyHappen() throws Exception {
    Process watch = command("get", "pods", "-w").start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (var r = watch.inputReader(StandardCharsets.UTF_8)) {
                r.lines().forEach(lines::add);
              } catch (IOException e) {
                // the process was stopped
              }
            });
    reader.start();
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> lines.stream().anyMatch(l -> l.startsWith("web ")));
      ok("label", "pod", "web", "watched=yes");
      ok("annotate", "pod", "web", "note=seen");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> lines.stream().filter(l -> l.startsWith("web ")).count() >= 3);
      assertThat(lines.get(0)).containsPattern("NAME\\s+READY\\s+STATUS");
      assertThat(lines.stream().filter(l -> l.startsWith("NAME"))).hasSize(1);
    } finally {
      watch.destroy();
      watch.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(7)
  void deleteWaitsUntilTheKubeletHasRemovedThePod() throws Exception {
    Run r = ok("delete", "pod", "web", "--wait");
    assertThat(r.out()).contains("pod \"web\" deleted");
    Run gone = run("get", "pod", "web");
    assertThat(gone.code()).isNotZero();
    assertThat(gone.err()).contains("pods \"web\" not found");
  }

  @Test
  @Order(8)
  void typedCommandsThatSendProtobufWork() throws Exception {
    assertThat(
            ok(
                    "create",
                    "secret",
                    "docker-registry",
                    "myhub",
                    "--docker-server=uhub.service.ucloud.cn",
                    "--docker-username=u",
                    "--docker-password=p")
                .out())
        .contains("secret/myhub created");
    assertThat(ok("get", "secret", "myhub", "-o", "jsonpath={.type}").out())
        .isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(ok("create", "namespace", "team-a").out()).contains("namespace/team-a created");
    assertThat(ok("create", "deployment", "cli", "--image=nginx:1.27", "--replicas=2").out())
        .contains("deployment.apps/cli created");
    assertThat(ok("auth", "can-i", "delete", "pods").out().trim()).isEqualTo("yes");
  }
}
