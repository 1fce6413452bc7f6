package io.cubevk.app.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Tiny benches, end to end: every key of issue 11 is there with a sane value, and the chart is a
 * PNG. No figure is asserted against a time: only shapes and what must hold whatever the load.
 */
class BenchCommandIT {

  private static final List<String> KEYS =
      List.of(
          "scenario",
          "nodes",
          "podsPerNode",
          "pods",
          "createDelayMs",
          "wallMs",
          "podsPerSecond",
          "boundToRunningMs",
          "deleteToGoneMs",
          "apiWritesPerPod",
          "eventsPerPod",
          "cloudCallsPerPod",
          "idleWritesPerMinute",
          "heapBytes",
          "baselineHeapBytes",
          "agentHeapBytes",
          "cpuSeconds",
          "baselinePodsPerSecond",
          "throughputRatio");

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run bench(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aTinyBurstReportsEveryKeyAndDrawsAPng() throws Exception {
    Path chart = dir.resolve("burst.png");
    Run run =
        bench(
            "burst",
            "--nodes",
            "2",
            "--pods-per-node",
            "5",
            "--idle-window",
            "1s",
            "-o",
            "json",
            "--chart",
            chart.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyElementsOf(KEYS);
    assertThat(json.path("scenario").asText()).isEqualTo("burst");
    assertThat(json.path("nodes").asInt()).isEqualTo(2);
    assertThat(json.path("podsPerNode").asInt()).isEqualTo(5);
    assertThat(json.path("pods").asInt()).isEqualTo(10);
    assertThat(json.path("createDelayMs").asLong()).isZero();
    assertThat(json.path("wallMs").asDouble()).isPositive();
    assertThat(json.path("podsPerSecond").asDouble()).isPositive();
    JsonNode bound = json.path("boundToRunningMs");
    assertThat(bound.path("p50").asDouble()).isNotNegative();
    assertThat(bound.path("p50").asDouble()).isLessThanOrEqualTo(bound.path("p95").asDouble());
    assertThat(bound.path("p95").asDouble()).isLessThanOrEqualTo(bound.path("p99").asDouble());
    assertThat(bound.path("p99").asDouble()).isLessThanOrEqualTo(bound.path("max").asDouble());
    JsonNode gone = json.path("deleteToGoneMs");
    assertThat(gone.path("p50").asDouble()).isPositive();
    assertThat(gone.path("p50").asDouble()).isLessThanOrEqualTo(gone.path("p99").asDouble());
    // every pod was reported Running at least once and finally deleted by the agent
    assertThat(json.path("apiWritesPerPod").asDouble()).isGreaterThanOrEqualTo(2);
    assertThat(json.path("eventsPerPod").asDouble()).isPositive();
    // at least a create and a delete per pod
    assertThat(json.path("cloudCallsPerPod").asDouble()).isGreaterThanOrEqualTo(2);
    assertThat(json.path("idleWritesPerMinute").asDouble()).isNotNegative();
    assertThat(json.path("heapBytes").asLong()).isPositive();
    assertThat(json.path("baselineHeapBytes").asLong()).isPositive();
    assertThat(json.path("agentHeapBytes").asLong())
        .isEqualTo(json.path("heapBytes").asLong() - json.path("baselineHeapBytes").asLong());
    assertThat(json.path("cpuSeconds").asDouble()).isPositive();
    assertThat(json.path("baselinePodsPerSecond").asDouble()).isPositive();
    assertThat(json.path("throughputRatio").asDouble())
        .isCloseTo(
            json.path("podsPerSecond").asDouble() / json.path("baselinePodsPerSecond").asDouble(),
            org.assertj.core.data.Offset.offset(0.01));

    byte[] png = Files.readAllBytes(chart);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
  }

  @Test
  void aTinyChurnCreatesAndDeletesEveryPodAndSaysSoInText() {
    Run run =
        bench(
            "churn",
            "--nodes",
            "2",
            "--pods-per-node",
            "4",
            "--rate",
            "4",
            "--duration",
            "2s",
            "--lifetime",
            "0s",
            "--idle-window",
            "1s",
            "--create-delay",
            "100ms");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("cube-vk bench churn: 2 nodes")
        .contains("fake cloud create delay 100 ms")
        .contains("bound → Running, agent-added")
        .contains("throughput vs baseline");
  }

  @Test
  void badOptionsAreAllNamedAndNothingRuns() {
    Run run =
        bench("idle", "--nodes", "9", "--pods-per-node", "500", "--chart", "out.svg", "-o", "json");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("--nodes: 9 is out of range; accepted: 1 to 8")
        .contains("--pods-per-node: 500 is out of range; accepted: 1 to 200")
        .contains("--chart: out.svg does not end in .png");
  }

  @Test
  void helpExplainsTheScenariosTheBaselineAndWhatIsMeasured() {
    Run run = bench("--help");

    assertThat(run.out())
        .contains("burst", "churn", "idle")
        .contains("BASELINE")
        .contains("in-process Kubernetes API server")
        .contains("--create-delay")
        .contains("cube-vk bench burst --create-delay 5s --chart burst.png");
  }
}
