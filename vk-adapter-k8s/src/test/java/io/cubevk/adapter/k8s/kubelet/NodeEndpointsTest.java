package io.cubevk.adapter.k8s.kubelet;

import static io.cubevk.adapter.k8s.kubelet.FakeAuth.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.ports.in.ContainerStats;
import io.cubevk.ports.in.NodeStats;
import io.cubevk.ports.in.PodRef;
import io.cubevk.ports.in.PodStats;
import io.cubevk.ports.out.cloud.UsageSample;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeEndpointsTest extends KubeletServerTestSupport {

  private static final Instant STARTED = Instant.parse("2026-11-26T08:00:00Z");
  private static final Instant SAMPLED = Instant.parse("2026-11-26T10:00:05.250Z");

  @BeforeEach
  void publishStats() {
    kubelet.stats.add(
        new NodeStats(
            "some-other-node",
            STARTED,
            List.of(pod("elsewhere", "x", 1_000_000, 1_000, 5_000_000_000L))));
    kubelet.stats.add(
        new NodeStats(
            KubeletFixture.NODE,
            STARTED,
            List.of(
                new PodStats(
                    PodRef.of("default", "web"),
                    PodUid.of("uid-web"),
                    Optional.of(STARTED),
                    List.of(
                        container("app", 250_000_000L, 100L << 20, 30_000_000_000L),
                        container("sidecar", 50_000_000L, 20L << 20, 6_000_000_000L))),
                new PodStats(
                    PodRef.of("batch", "job-1"),
                    PodUid.of("uid-job"),
                    Optional.empty(),
                    List.of(new ContainerStats("pending", Optional.empty(), Optional.empty()))))));
  }

  private static ContainerStats container(String name, long nanoCores, long bytes, long cpuTotal) {
    return new ContainerStats(
        name,
        Optional.of(STARTED.plusSeconds(1)),
        Optional.of(new UsageSample(SAMPLED, nanoCores, bytes)),
        Optional.of(cpuTotal));
  }

  private static PodStats pod(String name, String container, long nanoCores, long bytes, long cpu) {
    return new PodStats(
        PodRef.of("default", name),
        PodUid.of("uid-" + name),
        Optional.of(STARTED),
        List.of(container(container, nanoCores, bytes, cpu)));
  }

  @Test
  void healthzIsOk() throws Exception {
    HttpResponse<String> response = kubelet.get("/healthz", ADMIN_TOKEN);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void podsIsAPodListOfThePodsOnThisNode() throws Exception {
    HttpResponse<String> response = kubelet.get("/pods", ADMIN_TOKEN);

    JsonObject list = JsonParser.parseString(response.body()).getAsJsonObject();
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(list.get("kind").getAsString()).isEqualTo("PodList");
    assertThat(list.get("apiVersion").getAsString()).isEqualTo("v1");
    JsonObject pod = list.getAsJsonArray("items").get(0).getAsJsonObject();
    assertThat(pod.getAsJsonObject("metadata").get("name").getAsString()).isEqualTo("web");
    assertThat(pod.getAsJsonObject("spec").get("nodeName").getAsString())
        .isEqualTo(KubeletFixture.NODE);
  }

  @Test
  void summaryDescribesThisNodeAndItsPodsWithSummedUsage() throws Exception {
    HttpResponse<String> response = kubelet.get("/stats/summary", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject summary = JsonParser.parseString(response.body()).getAsJsonObject();
    JsonObject node = summary.getAsJsonObject("node");
    assertThat(node.get("nodeName").getAsString()).isEqualTo(KubeletFixture.NODE);
    assertThat(node.get("startTime").getAsString()).isEqualTo("2026-11-26T08:00:00Z");
    assertThat(node.getAsJsonObject("cpu").get("usageNanoCores").getAsLong())
        .isEqualTo(300_000_000L);
    assertThat(node.getAsJsonObject("cpu").get("usageCoreNanoSeconds").getAsLong())
        .isEqualTo(36_000_000_000L);
    assertThat(node.getAsJsonObject("cpu").get("time").getAsString())
        .isEqualTo("2026-11-26T10:00:05Z");
    assertThat(node.getAsJsonObject("memory").get("workingSetBytes").getAsLong())
        .isEqualTo(120L << 20);

    JsonArray pods = summary.getAsJsonArray("pods");
    assertThat(pods).hasSize(2);
    JsonObject web = pods.get(0).getAsJsonObject();
    assertThat(web.getAsJsonObject("podRef").toString())
        .isEqualTo("{\"name\":\"web\",\"namespace\":\"default\",\"uid\":\"uid-web\"}");
    assertThat(web.getAsJsonObject("memory").get("usageBytes").getAsLong()).isEqualTo(120L << 20);
    JsonObject app = web.getAsJsonArray("containers").get(0).getAsJsonObject();
    assertThat(app.get("name").getAsString()).isEqualTo("app");
    assertThat(app.get("startTime").getAsString()).isEqualTo("2026-11-26T08:00:01Z");
    assertThat(app.getAsJsonObject("cpu").get("usageNanoCores").getAsLong())
        .isEqualTo(250_000_000L);
    assertThat(app.getAsJsonObject("memory").get("workingSetBytes").getAsLong())
        .isEqualTo(100L << 20);
    JsonObject job = pods.get(1).getAsJsonObject();
    assertThat(job.has("cpu")).isFalse(); // no metrics yet: left out, as kubelet leaves nil out
    assertThat(job.getAsJsonArray("containers").get(0).getAsJsonObject().has("memory")).isFalse();
  }

  @Test
  void resourceMetricsAreKubeletsExposition() throws Exception {
    HttpResponse<String> response = kubelet.get("/metrics/resource", ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    Map<String, Sample> samples = samples(response.body());
    long at = SAMPLED.toEpochMilli();
    assertThat(samples)
        .containsEntry("node_cpu_usage_seconds_total", new Sample(36, at))
        .containsEntry("node_memory_working_set_bytes", new Sample(120L << 20, at))
        .containsEntry(
            "pod_cpu_usage_seconds_total{namespace=\"default\",pod=\"web\"}", new Sample(36, at))
        .containsEntry(
            "pod_memory_working_set_bytes{namespace=\"default\",pod=\"web\"}",
            new Sample(120L << 20, at))
        .containsEntry(
            "container_cpu_usage_seconds_total{container=\"app\",namespace=\"default\",pod=\"web\"}",
            new Sample(30, at))
        .containsEntry(
            "container_memory_working_set_bytes{container=\"sidecar\",namespace=\"default\","
                + "pod=\"web\"}",
            new Sample(20L << 20, at))
        .containsEntry(
            "container_start_time_seconds{container=\"app\",namespace=\"default\",pod=\"web\"}",
            new Sample(STARTED.plusSeconds(1).getEpochSecond(), null))
        .containsEntry("scrape_error", new Sample(0, null))
        .containsEntry("resource_scrape_error", new Sample(0, null));
    assertThat(samples.keySet()).noneMatch(k -> k.contains("job-1") || k.contains("elsewhere"));
    assertThat(response.body())
        .contains(
            "# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the"
                + " container in core-seconds\n"
                + "# TYPE container_cpu_usage_seconds_total counter\n")
        .contains("# TYPE container_memory_working_set_bytes gauge\n")
        .contains(
            "# HELP scrape_error [ALPHA] 1 if there was an error while getting container"
                + " metrics, 0 otherwise\n");
  }

  @Test
  void aStatsFailureIsAScrapeErrorNotAnHttpError() throws Exception {
    kubelet.statsFailure = new IllegalStateException("cloud metrics unavailable");

    HttpResponse<String> metrics = kubelet.get("/metrics/resource", ADMIN_TOKEN);
    HttpResponse<String> summary = kubelet.get("/stats/summary", ADMIN_TOKEN);

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(samples(metrics.body()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "scrape_error", new Sample(1, null), "resource_scrape_error", new Sample(1, null)));
    assertThat(summary.statusCode()).isEqualTo(500);
    assertThat(summary.body()).contains("cloud metrics unavailable");
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() throws Exception {
    HttpResponse<String> unknown = kubelet.get("/configz", ADMIN_TOKEN);
    HttpResponse<String> wrongMethod = kubelet.post("/pods", ADMIN_TOKEN);

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("404 page not found");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET");
  }

  /** A sample's value and its timestamp in milliseconds, if it has one. */
  record Sample(double value, Long timestampMillis) {}

  /** Sample lines as "name{labels}", parsed as Prometheus' text parser reads them. */
  static Map<String, Sample> samples(String exposition) {
    Map<String, Sample> samples = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int split = line.indexOf('}') >= 0 ? line.indexOf('}') + 1 : line.indexOf(' ');
      String[] rest = line.substring(split).trim().split(" ");
      samples.put(
          line.substring(0, split).trim(),
          new Sample(
              Double.parseDouble(rest[0]), rest.length > 1 ? Long.parseLong(rest[1]) : null));
    }
    return samples;
  }
}
