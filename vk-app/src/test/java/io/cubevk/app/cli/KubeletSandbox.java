package io.cubevk.app.cli;

import io.cubevk.app.cli.KubeletApiIT.KubeletPods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import picocli.CommandLine;

/**
 * One sandbox with the kubelet tests' pod, shared by the kubelet ITs of a test run (starting one,
 * and waiting for the metrics API's first rates, costs more than all their checks): started by the
 * first class that needs it, closed by JUnit when the run ends.
 */
final class KubeletSandbox implements BeforeAllCallback {

  private static volatile Shared shared;

  /** The sandbox and where its kubeconfig is. */
  record Shared(Sandbox sandbox, Path kubeconfig)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws java.io.IOException {
      sandbox.close();
      Files.deleteIfExists(kubeconfig);
      Files.deleteIfExists(kubeconfig.getParent());
    }
  }

  static Shared get() {
    return shared;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Awaitility.setDefaultPollDelay(Duration.ZERO);
    Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
    shared =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(KubeletSandbox.class, k -> start(), Shared.class);
  }

  private static Shared start() {
    try {
      Path dir = Files.createTempDirectory("cube-vk-kubelet-it");
      Path kubeconfig = dir.resolve("sandbox.kubeconfig");
      FakeCloudKnobs knobs =
          CommandLine.populateCommand(new FakeCloudKnobs(), "--create-delay", "100ms");
      Sandbox sandbox =
          Sandbox.start(
              new Sandbox.Settings(
                  1, 200, kubeconfig, Sandbox.CloudKind.fake, knobs, 0, Optional.empty()));
      KubeletPods.createTalker(sandbox.client());
      KubeletPods.awaitRunning(sandbox.client(), KubeletPods.TALKER);
      KubeletPods.startMetricsScraping(sandbox.client());
      return new Shared(sandbox, kubeconfig);
    } catch (Exception e) {
      throw new IllegalStateException("the kubelet tests' sandbox did not start", e);
    }
  }
}
