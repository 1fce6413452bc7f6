package io.cubevk.app.cli.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.cubevk.app.cli.DurationConverter;
import io.cubevk.app.engine.node.NodeSettings;
import io.cubevk.domain.node.VirtualNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cube-vk bench}: measures the agent against docs/benchmarks.md's targets. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Measures cube-vk in one process: the in-process Kubernetes API server (plain HTTP on"
          + " 127.0.0.1, so TLS is not what is measured), the fake Cube cloud, and the agent"
          + " wired as the sandbox wires it, with its default settings.",
      "",
      "Scenarios:",
      "  burst  nodes × pods-per-node pods created at once (default 8 × 200 = 1,600): time to"
          + " all Running, then a short quiet spell, then all deleted.",
      "  churn  --rate pods a second for --duration, each deleted --lifetime after it runs.",
      "  idle   nodes × pods-per-node pods Running, then nothing changes for --duration: what"
          + " the agent still writes and asks of the cloud.",
      "",
      "Every run starts with the BASELINE on the same API server, before the agent starts:"
          + " a plain loop on as many threads as the agent has pod workers doing only a pod's"
          + " minimal writes (create, two status patches, delete) at full speed, after an"
          + " unmeasured warm-up pass. The agent's throughput is reported as a ratio to it, and"
          + " its heap as the difference to the baseline's at the same pod count (the process"
          + " also holds the API server and the fake cloud).",
      "",
      "Latencies are read from the API server's store as changes commit; bound → Running is"
          + " reported minus the fake cloud's --create-delay, i.e. what the agent adds. Writes"
          + " come from the server's request log (the agent has its own token), cloud calls from"
          + " the fake cloud's call log. Timings on a shared machine are noisy: compare the"
          + " ratio, run twice, and note the load average.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  cube-vk bench burst                              # 8 × 200 pods, cloud answers at once",
      "  cube-vk bench burst --create-delay 5s --chart burst.png",
      "  cube-vk bench churn --rate 20 --duration 60s -o json",
      "  cube-vk bench idle --duration 2m",
      "",
      "Targets and past results: docs/benchmarks.md."
    })
public final class BenchCommand implements Callable<Integer> {

  enum Output {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "burst",
      paramLabel = "SCENARIO",
      description = "burst, churn or idle (default: ${DEFAULT-VALUE}).")
  Scenario scenario;

  @Option(
      names = "--nodes",
      defaultValue = "8",
      description = "Virtual nodes, 1 to 8 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--pods-per-node",
      defaultValue = "200",
      description =
          "Pods per node for burst and idle, 1 to 200; also the baseline's size"
              + " (default: ${DEFAULT-VALUE}).")
  int podsPerNode;

  @Option(
      names = "--create-delay",
      defaultValue = "0",
      converter = DurationConverter.class,
      description =
          "How long a new Cube shows ContainerCreating in the fake cloud; the real Cube takes"
              + " about 5s (default: ${DEFAULT-VALUE}).")
  Duration createDelay;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "churn: how long pods are created; idle: how long nothing changes"
              + " (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--rate",
      defaultValue = "20",
      description = "churn: pods created per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--lifetime",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "churn: how long a pod runs before it is deleted (default: ${DEFAULT-VALUE}).")
  Duration lifetime;

  @Option(
      names = "--idle-window",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "burst and churn: the quiet spell after all pods run, for idleWritesPerMinute"
              + " (default: ${DEFAULT-VALUE}).")
  Duration idleWindow;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "Give up when pods are not all Running (or gone) after this long"
              + " (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description =
          "text (a table with the targets beside the figures, a progress bar on stderr) or"
              + " json (one object on stdout, no progress bar) (default: ${DEFAULT-VALUE}).")
  Output output;

  @Option(
      names = "--chart",
      paramLabel = "FILE.png",
      description =
          "Also draw the bound → Running latency distribution and the pods Running over time"
              + " into this PNG.")
  Path chart;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seeds node names and Cube ids (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--verbose",
      description = "Show the agent's log (INFO) on stderr; by default only its warnings.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      err.println("cube-vk bench: " + String.join("\n  ", problems));
      return 2;
    }
    // Only the agent's warnings by default; the level is put back afterwards (the command may
    // run inside a longer-lived JVM, as in the tests).
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    if (!verbose) {
      root.setLevel(Level.WARN);
    }
    try {
      return run(out, err);
    } finally {
      root.setLevel(before);
    }
  }

  private int run(PrintWriter out, PrintWriter err) throws IOException {
    BenchOptions options =
        new BenchOptions(
            scenario,
            nodes,
            podsPerNode,
            createDelay,
            duration,
            rate,
            lifetime,
            idleWindow,
            timeout,
            seed);
    BenchResult result;
    try {
      result =
          new BenchRun(options, output == Output.json ? Progress.none() : Progress.onStderr())
              .run();
    } catch (IllegalStateException e) {
      err.println("cube-vk bench " + scenario + " failed: " + e.getMessage());
      return 1;
    }
    if (chart != null) {
      BenchChart.write(result, chart);
    }
    out.println(output == Output.json ? BenchReport.json(result) : BenchReport.text(result));
    if (chart != null && output == Output.text) {
      out.println("chart: " + chart.toAbsolutePath());
    }
    out.flush();
    return 0;
  }

  private List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (nodes < 1 || nodes > NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER) {
      problems.add(
          "--nodes: "
              + nodes
              + " is out of range; accepted: 1 to "
              + NodeSettings.MAX_VIRTUAL_NODES_PER_CLUSTER);
    }
    if (podsPerNode < 1 || podsPerNode > VirtualNode.MAX_PODS_LIMIT) {
      problems.add(
          "--pods-per-node: "
              + podsPerNode
              + " is out of range; accepted: 1 to "
              + VirtualNode.MAX_PODS_LIMIT);
    }
    if (rate < 1 || rate > 1000) {
      problems.add("--rate: " + rate + " is out of range; accepted: 1 to 1000 pods a second");
    }
    if (createDelay.isNegative()) {
      problems.add("--create-delay: must not be negative");
    }
    for (var d :
        List.of(
            java.util.Map.entry("--duration", duration),
            java.util.Map.entry("--lifetime", lifetime),
            java.util.Map.entry("--idle-window", idleWindow),
            java.util.Map.entry("--timeout", timeout))) {
      if (d.getValue().isNegative() || d.getValue().isZero() && !d.getKey().equals("--lifetime")) {
        problems.add(d.getKey() + ": " + d.getValue().toMillis() + " ms; accepted: more than 0");
      }
    }
    if (chart != null
        && !chart.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
      problems.add("--chart: " + chart + " does not end in .png; accepted: a PNG file name");
    }
    return problems;
  }
}
