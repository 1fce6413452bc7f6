package io.cubevk.adapter.fake.apiserver.proxy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.adapter.fake.apiserver.auth.CertificateAuthority;
import io.cubevk.adapter.fake.apiserver.store.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code metrics.k8s.io} served from a stub kubelet's {@code /metrics/resource}. */
class MetricsApiTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private KubeApiServer server;
  private StubKubelet kubelet;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = KubeApiServer.builder().https(false).metricsResolution(Duration.ofMillis(100)).start();
    CertificateAuthority ca = server.certificateAuthority();
    kubelet =
        new StubKubelet(
            ca.issueServing("stub-kubelet", List.of(), List.of("127.0.0.1")), ca.certificate());
    server.create(
        "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\","
            + "\"labels\":{\"type\":\"virtual-kubelet\"}},\"status\":{\"addresses\":"
            + "[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],\"daemonEndpoints\":"
            + "{\"kubeletEndpoint\":{\"Port\":"
            + kubelet.port()
            + "}}}}");
    for (String[] pod : new String[][] {{"web", "frontend"}, {"db", "backend"}}) {
      server.create(
          "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""
              + pod[0]
              + "\",\"namespace\":\"default\",\"labels\":{\"tier\":\""
              + pod[1]
              + "\"}},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"app\","
              + "\"image\":\"nginx\"}]}}");
    }
  }

  @AfterEach
  void stop() {
    kubelet.close();
    server.close();
  }

  @Test
  void discoveryListsTheMetricsGroupWithNodesAndPods() throws Exception {
    JsonNode groups = get("/apis").path("groups");
    assertThat(groups.findValuesAsText("name")).contains("metrics.k8s.io");

    JsonNode resources = get("/apis/metrics.k8s.io/v1beta1").path("resources");
    assertThat(resources.findValuesAsText("name")).containsExactly("nodes", "pods");
    assertThat(resources.findValuesAsText("kind")).containsExactly("NodeMetrics", "PodMetrics");
    assertThat(get("/apis/metrics.k8s.io").path("preferredVersion").path("version").asText())
        .isEqualTo("v1beta1");
  }

  @Test
  void podCpuIsTheCounterGrowthBetweenTwoScrapesAndMemoryTheLatestWorkingSet() throws Exception {
    kubelet.metrics.set(scrape(T0, 1.0, 100L << 20));
    assertThat(get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods").path("items"))
        .isEmpty(); // one point is not a rate yet; this request starts the scraping
    await().atMost(WAIT).until(() -> kubelet.requests.size() >= 2);

    kubelet.metrics.set(scrape(T0.plusSeconds(10), 1.5, 120L << 20));

    await()
        .atMost(WAIT)
        .until(
            () ->
                get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods").path("items").size()
                    == 2);
    JsonNode web = get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web");
    assertThat(web.path("kind").asText()).isEqualTo("PodMetrics");
    assertThat(web.at("/metadata/labels/tier").asText()).isEqualTo("frontend");
    assertThat(web.path("window").asText()).isEqualTo("10s");
    assertThat(web.path("timestamp").asText()).isEqualTo("2026-03-01T10:00:10Z");
    assertThat(web.at("/containers/0/name").asText()).isEqualTo("app");
    assertThat(web.at("/containers/0/usage/cpu").asText()).isEqualTo("50000000n"); // 0.5 s in 10 s
    assertThat(web.at("/containers/0/usage/memory").asText()).isEqualTo("122880Ki");
    assertThat(kubelet.last().path()).isEqualTo("/metrics/resource");
    assertThat(kubelet.last().clientUser()).contains("CN=kube-apiserver-kubelet-client");
  }

  @Test
  void nodeMetricsAndLabelSelectorsWorkAsMetricsServers() throws Exception {
    kubelet.metrics.set(scrape(T0, 2.0, 64L << 20));
    get("/apis/metrics.k8s.io/v1beta1/nodes");
    await().atMost(WAIT).until(() -> kubelet.requests.size() >= 2);
    kubelet.metrics.set(scrape(T0.plusSeconds(20), 4.0, 64L << 20));

    await()
        .atMost(WAIT)
        .until(() -> get("/apis/metrics.k8s.io/v1beta1/nodes").path("items").size() == 1);
    JsonNode node = get("/apis/metrics.k8s.io/v1beta1/nodes/n1");
    // node counter: two pods' counters summed, grew by 4 core-seconds in 20 s
    assertThat(node.at("/usage/cpu").asText()).isEqualTo("200000000n");
    assertThat(node.at("/metadata/labels/type").asText()).isEqualTo("virtual-kubelet");
    await()
        .atMost(WAIT)
        .until(
            () ->
                names(get("/apis/metrics.k8s.io/v1beta1/pods?labelSelector=tier%3Dbackend"))
                    .equals(List.of("db")));
  }

  @Test
  void aPodWithoutMetricsIsNotFoundAsMetricsServerSaysIt() throws Exception {
    HttpResponse<String> r = raw("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Json.parse(r.body().getBytes(UTF_8)).path("message").asText())
        .isEqualTo("podmetrics.metrics.k8s.io \"default/web\" not found");
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new java.util.ArrayList<>();
    list.path("items").forEach(i -> names.add(i.at("/metadata/name").asText()));
    return names;
  }

  /** What the cube-vk kubelet writes: both pods use the same figures. */
  private static String scrape(Instant at, double cpuSeconds, long memory) {
    long ms = at.toEpochMilli();
    StringBuilder out = new StringBuilder();
    out.append("# HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time\n");
    out.append("# TYPE node_cpu_usage_seconds_total counter\n");
    out.append("node_cpu_usage_seconds_total ")
        .append(2 * cpuSeconds)
        .append(' ')
        .append(ms)
        .append('\n');
    out.append("node_memory_working_set_bytes ")
        .append(2 * memory)
        .append(' ')
        .append(ms)
        .append('\n');
    for (String pod : List.of("web", "db")) {
      String labels = "{container=\"app\",namespace=\"default\",pod=\"" + pod + "\"}";
      out.append("container_cpu_usage_seconds_total")
          .append(labels)
          .append(' ')
          .append(cpuSeconds)
          .append(' ')
          .append(ms)
          .append('\n');
      out.append("container_memory_working_set_bytes")
          .append(labels)
          .append(' ')
          .append(memory)
          .append(' ')
          .append(ms)
          .append('\n');
      out.append("container_start_time_seconds")
          .append(labels)
          .append(' ')
          .append(at.minusSeconds(3600).getEpochSecond())
          .append('\n');
    }
    return out.toString();
  }

  private HttpResponse<String> raw(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = raw(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Json.parse(r.body().getBytes(UTF_8));
  }
}
