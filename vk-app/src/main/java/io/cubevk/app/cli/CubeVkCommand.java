package io.cubevk.app.cli;

import io.cubevk.app.cli.bench.BenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top {@code cube-vk} command: prints its help when called without a subcommand. */
@Command(
    name = "cube-vk",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    subcommands = {
      SandboxCommand.class,
      RunCommand.class,
      NodeCommand.class,
      TranslateCommand.class,
      BenchCommand.class
    },
    description = {
      "A virtual kubelet that runs Kubernetes Pods as UCloud Cube container instances.",
      "",
      "Every Pod bound to one of its virtual Nodes becomes a Cube; the Pod's status, logs, exec,"
          + " metrics and deletion behave as on a real kubelet, as far as Cube allows."
    },
    footer = {"", "Documentation: docs/ in the source tree (architecture, embedding, benchmarks)."})
final class CubeVkCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
