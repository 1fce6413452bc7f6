package io.cubevk.adapter.fake.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiServerHttpTest {
  static KubeApiServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = KubeApiServer.builder().https(false).maxBodyBytes(64 * 1024).start();
    http = new Http(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void reportsMinorVersion32SoThatKubectlsDispatcherRunsTheBuiltIn132() {
    JsonNode v = http.get("/version?timeout=5s").json();
    assertThat(v.path("major").asText()).isEqualTo("1");
    assertThat(v.path("minor").asText()).isEqualTo("32");
  }

  @Test
  void discoveryListsCoreResourcesWithTheirSubresources() {
    JsonNode list = http.get("/api/v1").json();
    List<String> names = new ArrayList<>();
    list.path("resources").forEach(r -> names.add(r.path("name").asText()));
    assertThat(names)
        .contains(
            "pods",
            "pods/status",
            "pods/binding",
            "pods/log",
            "pods/exec",
            "pods/portforward",
            "nodes",
            "nodes/status",
            "serviceaccounts/token",
            "events",
            "endpoints");
    JsonNode groups = http.get("/apis").json();
    List<String> g = new ArrayList<>();
    groups.path("groups").forEach(x -> g.add(x.path("name").asText()));
    assertThat(g)
        .contains(
            "apps",
            "batch",
            "coordination.k8s.io",
            "events.k8s.io",
            "authentication.k8s.io",
            "authorization.k8s.io",
            "storage.k8s.io",
            "certificates.k8s.io");
    JsonNode apps = http.get("/apis/apps/v1").json();
    assertThat(apps.toString())
        .contains("\"name\":\"deployments/scale\"")
        .contains("\"group\":\"autoscaling\"");
  }

  @Test
  void defaultNamespacesExistFromTheStart() {
    List<String> names = new ArrayList<>();
    http.get("/api/v1/namespaces")
        .json()
        .path("items")
        .forEach(n -> names.add(n.path("metadata").path("name").asText()));
    assertThat(names).contains("default", "kube-system", "kube-node-lease");
  }

  @Test
  void createStampsUidResourceVersionAndCreationTimestampAndGenerateName() {
    Http.Answer a =
        http.post(
            "/api/v1/namespaces/default/configmaps",
            "{\"metadata\":{\"generateName\":\"cfg-\"},\"data\":{\"a\":\"1\"}}");
    assertThat(a.code()).isEqualTo(201);
    JsonNode meta = a.json().path("metadata");
    assertThat(meta.path("name").asText()).startsWith("cfg-").hasSize(9);
    assertThat(meta.path("uid").asText()).hasSize(36);
    assertThat(meta.path("resourceVersion").asText()).isNotEmpty();
    assertThat(meta.path("creationTimestamp").asText()).endsWith("Z");
  }

  @Test
  void missingObjectIsA404StatusNamingIt() {
    Http.Answer a = http.get("/api/v1/namespaces/default/pods/nope");
    assertThat(a.code()).isEqualTo(404);
    JsonNode s = a.json();
    assertThat(s.path("kind").asText()).isEqualTo("Status");
    assertThat(s.path("reason").asText()).isEqualTo("NotFound");
    assertThat(s.path("message").asText()).isEqualTo("pods \"nope\" not found");
    assertThat(
            http.get("/apis/apps/v1/namespaces/default/deployments/x")
                .json()
                .path("message")
                .asText())
        .isEqualTo("deployments.apps \"x\" not found");
  }

  @Test
  void staleUpdateIsA409Conflict() {
    String rv =
        http.post(
                "/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"stale\"},\"data\":{\"a\":\"1\"}}")
            .json()
            .path("metadata")
            .path("resourceVersion")
            .asText();
    assertThat(
            http.put(
                    "/api/v1/namespaces/default/configmaps/stale",
                    "{\"metadata\":{\"name\":\"stale\",\"resourceVersion\":\""
                        + rv
                        + "\"},\"data\":{\"a\":\"2\"}}")
                .code())
        .isEqualTo(200);
    Http.Answer again =
        http.put(
            "/api/v1/namespaces/default/configmaps/stale",
            "{\"metadata\":{\"name\":\"stale\",\"resourceVersion\":\""
                + rv
                + "\"},\"data\":{\"a\":\"3\"}}");
    assertThat(again.code()).isEqualTo(409);
    assertThat(again.json().path("message").asText()).contains("the object has been modified");
  }

  @Test
  void podWithoutImageIsA422WithCausesNamingTheField() {
    Http.Answer a =
        http.post(
            "/api/v1/namespaces/default/pods",
            "{\"metadata\":{\"name\":\"bad\"},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}");
    assertThat(a.code()).isEqualTo(422);
    JsonNode cause = a.json().path("details").path("causes").get(0);
    assertThat(cause.path("field").asText()).isEqualTo("spec.containers[0].image");
    assertThat(cause.path("reason").asText()).isEqualTo("FieldValueRequired");
  }

  @Test
  void aPodWithAProjectedTokenShorterThanTenMinutesIsA422NamingTheField() {
    String volume =
        "{\"name\":\"t\",\"projected\":{\"sources\":[{\"configMap\":{\"name\":\"x\"}},"
            + "{\"serviceAccountToken\":{\"path\":\"token\",\"expirationSeconds\":%d}}]}}";
    String pod =
        "{\"metadata\":{\"name\":\"short-token\"},\"spec\":{\"containers\":[{\"name\":\"c\","
            + "\"image\":\"nginx\"}],\"volumes\":["
            + volume
            + "]}}";

    Http.Answer tooShort = http.post("/api/v1/namespaces/default/pods", pod.formatted(599));
    Http.Answer shortest = http.post("/api/v1/namespaces/default/pods", pod.formatted(600));

    assertThat(tooShort.code()).isEqualTo(422);
    JsonNode cause = tooShort.json().path("details").path("causes").get(0);
    assertThat(cause.path("field").asText())
        .isEqualTo("spec.volumes[0].projected.sources[1].serviceAccountToken.expirationSeconds");
    assertThat(cause.path("message").asText())
        .isEqualTo("Invalid value: 599: may not specify a duration less than 10 minutes");
    assertThat(shortest.code()).isEqualTo(201);
  }

  @Test
  void aSecretsStringDataIsStoredAsDataAndNeverReturned() {
    Http.Answer created =
        http.post(
            "/api/v1/namespaces/default/secrets",
            "{\"metadata\":{\"name\":\"plain\"},\"data\":{\"user\":\"b2xk\",\"keep\":\"eA==\"},"
                + "\"stringData\":{\"user\":\"app\",\"password\":\"s3cret\"}}");

    assertThat(created.code()).isEqualTo(201);
    JsonNode secret = http.get("/api/v1/namespaces/default/secrets/plain").json();
    assertThat(secret.has("stringData")).isFalse();
    assertThat(secret.path("data").path("user").asText()).as("stringData wins").isEqualTo("YXBw");
    assertThat(secret.path("data").path("password").asText()).isEqualTo("czNjcmV0");
    assertThat(secret.path("data").path("keep").asText()).isEqualTo("eA==");
  }

  @Test
  void badJsonIsA400AndOversizedBodyA413AndApplyPatchA415() {
    assertThat(http.post("/api/v1/namespaces/default/configmaps", "{nope").code()).isEqualTo(400);
    String big =
        "{\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"" + "x".repeat(70_000) + "\"}}";
    Http.Answer tooBig = http.post("/api/v1/namespaces/default/configmaps", big);
    assertThat(tooBig.code()).isEqualTo(413);
    assertThat(tooBig.json().path("kind").asText()).isEqualTo("Status");
    http.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"ap\"}}");
    Http.Answer apply =
        http.patch(
            "/api/v1/namespaces/default/configmaps/ap", "application/apply-patch+yaml", "data: {}");
    assertThat(apply.code()).isEqualTo(415);
    assertThat(apply.json().path("message").asText()).contains("server-side apply");
  }

  @Test
  void listPagesWithLimitAndContinue() {
    for (int i = 0; i < 5; i++) {
      http.post(
          "/api/v1/namespaces/kube-public/configmaps",
          "{\"metadata\":{\"name\":\"page-" + i + "\"}}");
    }
    List<String> seen = new ArrayList<>();
    String cont = "";
    int pages = 0;
    do {
      JsonNode page =
          http.get(
                  "/api/v1/namespaces/kube-public/configmaps?limit=2"
                      + (cont.isEmpty() ? "" : "&continue=" + cont))
              .json();
      page.path("items").forEach(i -> seen.add(i.path("metadata").path("name").asText()));
      cont = page.path("metadata").path("continue").asText("");
      pages++;
    } while (!cont.isEmpty());
    assertThat(seen)
        .filteredOn(n -> n.startsWith("page-"))
        .containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void podsListAsATableWithKubectlsColumns() {
    http.post(
        "/api/v1/namespaces/default/pods",
        "{\"metadata\":{\"name\":\"tbl\"},\"spec\":{\"nodeName\":\"n1\",\"containers\":"
            + "[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
    JsonNode t =
        http.get(
                "/api/v1/namespaces/default/pods?limit=500",
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
            .json();
    assertThat(t.path("kind").asText()).isEqualTo("Table");
    List<String> cols = new ArrayList<>();
    t.path("columnDefinitions").forEach(c -> cols.add(c.path("name").asText()));
    assertThat(cols).startsWith("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node");
    JsonNode row = null;
    for (JsonNode r : t.path("rows")) {
      if (r.path("cells").get(0).asText().equals("tbl")) {
        row = r;
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.path("cells").get(1).asText()).isEqualTo("0/1");
    assertThat(row.path("cells").get(2).asText()).isEqualTo("Pending");
    assertThat(row.path("cells").get(6).asText()).isEqualTo("n1");
  }

  @Test
  void failedWritesAreInjectedAndRecordedInTheRequestLog() {
    server.faults().failNextWrites(1, 429);
    Http.Answer a =
        http.post(
            "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"throttled\"}}");
    assertThat(a.code()).isEqualTo(429);
    assertThat(a.json().path("reason").asText()).isEqualTo("TooManyRequests");
    assertThat(
            http.post(
                    "/api/v1/namespaces/default/configmaps",
                    "{\"metadata\":{\"name\":\"throttled\"}}")
                .code())
        .isEqualTo(201);
    assertThat(
            server
                .requestLog()
                .matching(
                    r ->
                        r.name().isEmpty()
                            && r.resource().equals("configmaps")
                            && r.verb().equals("create")
                            && r.code() == 429))
        .hasSize(1);
  }

  @Test
  void injectedLatencyDelaysEveryAnswer() {
    server.faults().latency(java.time.Duration.ofMillis(300));
    try {
      http.get("/api/v1/namespaces/default/configmaps?labelSelector=latency%3Dprobe");
    } finally {
      server.faults().clear();
    }
    RecordedRequest r = server.requestLog().matching(x -> x.query().contains("latency")).get(0);
    assertThat(r.duration()).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(300));
  }

  @Test
  void eventsWrittenThroughEventsK8sIoAreReadThroughCoreV1() {
    String body =
        "{\"metadata\":{\"name\":\"ev2\"},\"regarding\":{\"kind\":\"Node\","
            + "\"name\":\"n1\"},\"reason\":\"Ready\",\"note\":\"node is ready\","
            + "\"type\":\"Normal\",\"reportingController\":\"cube-vk\","
            + "\"reportingInstance\":\"vk-1\",\"action\":\"Register\","
            + "\"eventTime\":\"2026-01-01T00:00:00.000000Z\"}";
    assertThat(http.post("/apis/events.k8s.io/v1/namespaces/default/events", body).code())
        .isEqualTo(201);
    JsonNode core = http.get("/api/v1/namespaces/default/events/ev2").json();
    assertThat(core.path("message").asText()).isEqualTo("node is ready");
    assertThat(core.at("/involvedObject/name").asText()).isEqualTo("n1");
    assertThat(core.at("/source/component").asText()).isEqualTo("cube-vk");
  }

  @Test
  void podSubresourcesAnswer501UntilAKubeletProxyIsInstalled() {
    http.post(
        "/api/v1/namespaces/default/pods",
        "{\"metadata\":{\"name\":\"logs\"},\"spec\":{\"containers\":"
            + "[{\"name\":\"c\",\"image\":\"x\"}]}}");
    Http.Answer a = http.get("/api/v1/namespaces/default/pods/logs/log?container=c");
    assertThat(a.code()).isEqualTo(501);
    assertThat(a.json().path("message").asText()).contains("pods/log");
    assertThat(http.get("/api/v1/namespaces/default/pods/absent/log").code()).isEqualTo(404);
  }

  @Test
  void objectsCreatedInProcessFromJsonAreServedOverHttp() {
    server.create(
        "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\","
            + "\"metadata\":{\"name\":\"direct\",\"namespace\":\"kube-node-lease\"},"
            + "\"spec\":{\"holderIdentity\":\"vk-1\"}}");
    assertThat(
            http.get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/direct")
                .json()
                .at("/spec/holderIdentity")
                .asText())
        .isEqualTo("vk-1");
    assertThat(server.get("v1", "ServiceAccount", "kube-node-lease", "default")).isNotNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> server.create("{\"apiVersion\":\"v1\",\"kind\":\"Gizmo\",\"metadata\":{}}"))
        .hasMessageContaining("no resource of kind Gizmo");
  }
}
