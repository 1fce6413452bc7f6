package io.cubevk.adapter.fake.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubevk.adapter.fake.apiserver.store.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Watches over chunked HTTP as the wire shows them. */
class WatchHttpTest {
  static KubeApiServer server;
  static Http http;
  static HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = KubeApiServer.builder().https(false).bookmarkInterval(Duration.ofSeconds(1)).start();
    http = new Http(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Reads a whole watch that ends by its timeoutSeconds, one JSON event per line. */
  private static List<JsonNode> watch(String path) throws Exception {
    HttpResponse<java.util.stream.Stream<String>> r =
        client.send(
            HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    return r.body()
        .map(l -> Json.parse(l.getBytes(StandardCharsets.UTF_8)))
        .collect(Collectors.toList());
  }

  private static String rv() {
    return http.get("/api/v1/namespaces/default/configmaps")
        .json()
        .path("metadata")
        .path("resourceVersion")
        .asText();
  }

  @Test
  void aWatchFromAVersionReplaysLaterChangesAndEndsAtItsTimeout() throws Exception {
    String from = rv();
    http.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"w1\"}}");
    http.put(
        "/api/v1/namespaces/default/configmaps/w1",
        "{\"metadata\":{\"name\":\"w1\"},\"data\":{\"a\":\"b\"}}");
    http.delete("/api/v1/namespaces/default/configmaps/w1");
    List<JsonNode> events =
        watch(
            "/api/v1/namespaces/default/configmaps?watch=true"
                + "&resourceVersion="
                + from
                + "&timeoutSeconds=1");
    assertThat(events)
        .extracting(e -> e.path("type").asText() + " " + e.at("/object/metadata/name").asText())
        .containsExactly("ADDED w1", "MODIFIED w1", "DELETED w1");
  }

  @Test
  void bookmarksCarryTheCurrentVersionWhenAllowed() throws Exception {
    List<JsonNode> events =
        watch(
            "/api/v1/namespaces/default/secrets?watch=true"
                + "&resourceVersion="
                + rv()
                + "&allowWatchBookmarks=true&timeoutSeconds=2");
    assertThat(events)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.path("type").asText()).isEqualTo("BOOKMARK");
              assertThat(e.at("/object/kind").asText()).isEqualTo("Secret");
              assertThat(e.at("/object/metadata/resourceVersion").asLong()).isPositive();
            });
  }

  @Test
  void aWatchFromACompactedVersionGetsAnError410Event() throws Exception {
    String old = rv();
    http.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"w2\"}}");
    server.faults().compactHistory();
    List<JsonNode> events =
        watch("/api/v1/namespaces/default/configmaps?watch=true" + "&resourceVersion=" + old);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("type").asText()).isEqualTo("ERROR");
    assertThat(events.get(0).at("/object/code").asInt()).isEqualTo(410);
    assertThat(events.get(0).at("/object/reason").asText()).isEqualTo("Expired");
  }

  @Test
  void eventsAreServedInBothShapesFromOneStorage() {
    String body =
        "{\"metadata\":{\"name\":\"e1\"},\"involvedObject\":{\"kind\":\"Pod\","
            + "\"name\":\"p\",\"namespace\":\"default\"},\"reason\":\"Pulled\",\"message\":\"ok\","
            + "\"type\":\"Normal\",\"source\":{\"component\":\"kubelet\"}}";
    assertThat(http.post("/api/v1/namespaces/default/events", body).code()).isEqualTo(201);
    JsonNode v1 = http.get("/apis/events.k8s.io/v1/namespaces/default/events/e1").json();
    assertThat(v1.path("apiVersion").asText()).isEqualTo("events.k8s.io/v1");
    assertThat(v1.path("note").asText()).isEqualTo("ok");
    assertThat(v1.at("/regarding/name").asText()).isEqualTo("p");
    assertThat(v1.path("reportingController").asText()).isEqualTo("kubelet");
    JsonNode list =
        http.get(
                "/api/v1/namespaces/default/events?fieldSelector="
                    + "involvedObject.name%3Dp,involvedObject.kind%3DPod")
            .json();
    assertThat(list.path("items")).hasSize(1);
  }

  @Test
  void aWatchOnOneNameOnlySeesThatObject() throws Exception {
    String from = rv();
    http.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"mine\"}}");
    http.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"other\"}}");
    List<JsonNode> events =
        watch(
            "/api/v1/namespaces/default/configmaps?watch=true"
                + "&fieldSelector=metadata.name%3Dmine&resourceVersion="
                + from
                + "&timeoutSeconds=1");
    assertThat(events)
        .extracting(e -> e.at("/object/metadata/name").asText())
        .containsExactly("mine");
  }
}
