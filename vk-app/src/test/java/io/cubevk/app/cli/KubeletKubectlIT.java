package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.app.cli.KubeletApiIT.KubeletPods;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl 1.32 against the sandbox: its API server (HTTPS) proxies logs, exec, attach and
 * port-forward to the agent's kubelet API of the pod's node, and serves {@code kubectl top} from
 * the kubelets' resource metrics. Exec and port-forward run over kubectl's default WebSocket
 * protocols and again over plain SPDY. Skipped without kubectl, except under CI=true where that is
 * a failure.
 */
@ExtendWith({KubeletKubectlIT.RequireKubectl.class, KubeletSandbox.class})
class KubeletKubectlIT {

  private static final Pattern FORWARDING =
      Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> " + KubeletPods.PORT);
  private static final Map<String, String> PLAIN_SPDY =
      Map.of(
          "KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false", "KUBECTL_PORT_FORWARD_WEBSOCKETS", "false");

  @TempDir static Path dir;
  static String kubectl;
  static Path kubeconfig;

  record Run(int code, String out, String err) {}

  /** Runs before the shared sandbox starts: no kubectl, no sandbox. */
  static final class RequireKubectl implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      kubectl = findKubectl();
      if (kubectl == null) {
        if ("true".equals(System.getenv("CI"))) {
          throw new IllegalStateException("kubectl is not on PATH, and CI=true requires it");
        }
        Assumptions.abort("kubectl is not on PATH");
      }
    }
  }

  @BeforeAll
  static void start() {
    kubeconfig = KubeletSandbox.get().kubeconfig();
  }

  @Test
  void logsPrintsTheContainersLog() throws Exception {
    Run logs = ok("logs", KubeletPods.TALKER, "-c", KubeletPods.CONTAINER);

    assertThat(logs.out().lines()).startsWith("hello from cube", "second line");
  }

  @Test
  void logsFollowKeepsPrintingNewLinesUntilStopped() throws Exception {
    List<String> before = ok("logs", KubeletPods.TALKER).out().lines().toList();
    Process follow = command(Map.of(), "logs", "-f", KubeletPods.TALKER).start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      while (line != null && before.contains(line)) {
        line = out.readLine();
      }
      assertThat(line).as("a line written after kubectl logs started").startsWith("tick-");
      assertThat(follow.isAlive()).as("kubectl logs -f still follows").isTrue();
    } finally {
      follow.destroy();
      assertThat(follow.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void execPrintsTheCommandsOutput() throws Exception {
    assertThat(ok("exec", KubeletPods.TALKER, "--", "echo", "hi").out()).isEqualTo("hi\n");
  }

  @Test
  void execOverPlainSpdyPrintsTheCommandsOutput() throws Exception {
    Run run = run(PLAIN_SPDY, null, "exec", KubeletPods.TALKER, "--", "echo", "over", "spdy");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("over spdy\n");
  }

  @Test
  void execWithStdinFeedsTheCommand() throws Exception {
    Run run = run(Map.of(), "line one\nline two\n", "exec", "-i", KubeletPods.TALKER, "--", "cat");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("line one\nline two\n");
  }

  @Test
  void execPassesOnANonZeroExitCode() throws Exception {
    Run websocket = run(Map.of(), null, "exec", KubeletPods.TALKER, "--", "sh", "-c", "exit 7");
    Run spdy = run(PLAIN_SPDY, null, "exec", KubeletPods.TALKER, "--", "sh", "-c", "exit 9");

    assertThat(websocket.code()).as(websocket.err()).isEqualTo(7);
    assertThat(spdy.code()).as(spdy.err()).isEqualTo(9);
  }

  @Test
  void attachShowsWhatTheMainProcessWritesFromNowOn() throws Exception {
    Process attach =
        command(Map.of(), "attach", KubeletPods.TALKER, "-c", KubeletPods.CONTAINER).start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(attach.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      while (line != null && !line.startsWith("tick-")) {
        line = out.readLine();
      }
      assertThat(line).as("a line the container wrote while attached").startsWith("tick-");
    } finally {
      attach.destroy();
      assertThat(attach.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void portForwardCarriesARequestToTheContainer() throws Exception {
    assertThat(requestThroughPortForward(Map.of(), "/over-websocket"))
        .contains(": GET /over-websocket");
  }

  @Test
  void portForwardOverPlainSpdyCarriesARequestToTheContainer() throws Exception {
    assertThat(requestThroughPortForward(PLAIN_SPDY, "/over-spdy")).contains(": GET /over-spdy");
  }

  @Test
  void topPodShowsTheUsageTheKubeletReports() {
    // metrics.k8s.io needs two scrapes of the kubelet with new samples in between.
    Run top =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> run(Map.of(), null, "top", "pod", KubeletPods.TALKER), r -> r.code() == 0);

    assertThat(top.out())
        .containsPattern("(?m)^" + KubeletPods.TALKER + "\\s+\\d+m\\s+\\d+Mi\\s*$");
  }

  /** Starts kubectl port-forward to a free local port, sends one request, returns the answer. */
  private String requestThroughPortForward(Map<String, String> env, String path) throws Exception {
    Process forward =
        command(env, "port-forward", "pod/" + KubeletPods.TALKER, ":" + KubeletPods.PORT).start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(forward.getInputStream(), StandardCharsets.UTF_8))) {
      Matcher forwarding = null;
      String line = out.readLine();
      while (line != null) {
        forwarding = FORWARDING.matcher(line);
        if (forwarding.find()) {
          break;
        }
        line = out.readLine();
      }
      assertThat(line).as("kubectl port-forward says where it listens").isNotNull();
      int local = Integer.parseInt(forwarding.group(1));
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + path))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      return answer.body();
    } finally {
      forward.destroy();
      assertThat(forward.waitFor(10, TimeUnit.SECONDS)).isTrue();
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

  private static ProcessBuilder command(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl);
    cmd.add("--kubeconfig=" + kubeconfig);
    cmd.add("--cache-dir=" + dir.resolve("cache"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("HOME", dir.toString());
    pb.environment().remove("KUBECONFIG");
    pb.environment().putAll(env);
    return pb;
  }

  private static Run run(Map<String, String> env, String stdin, String... args) throws Exception {
    ProcessBuilder pb = command(env, args);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process p = pb.start();
    if (stdin != null) {
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
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
    Run r = run(Map.of(), null, args);
    assertThat(r.code()).as("kubectl %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }
}
