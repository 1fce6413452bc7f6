package io.cubevk.app.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.Service;
import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.domain.node.VirtualNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.ClientBuilder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docs/embedding.md's example, compiled and run against the in-process API server. */
class EmbeddingExampleIT {

  private static final Path DOC = Path.of("..", "docs", "embedding.md");
  private static final Path SOURCE =
      Path.of("src", "test", "java", "io", "cubevk", "app", "facade", "EmbeddingExample.java");

  private final KubeApiServer server = KubeApiServer.builder().https(false).start();
  private final FakeCubeCloud cloud =
      FakeCubeCloud.builder().createDelay(Duration.ofMillis(100)).build();
  private Service agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.stopAsync().awaitTerminated(30, TimeUnit.SECONDS);
    }
    cloud.close();
    server.close();
  }

  @Test
  void theDocShowsTheExampleVerbatim() throws IOException {
    String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
    String example =
        source.substring(
            source.indexOf('\n', source.indexOf("// BEGIN embedding-example")) + 1,
            source.indexOf("  // END embedding-example"));

    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .contains(example.stripTrailing().stripIndent());
  }

  @Test
  void theExampleRegistersItsNodeAndRunsAPodAsACube() throws Exception {
    ApiClient client = new ClientBuilder().setBasePath(server.url()).build();
    client.setReadTimeout(0);
    PrometheusRegistry registry = new PrometheusRegistry();

    agent = EmbeddingExample.embeddedAgent(client, cloud, registry);
    agent.startAsync().awaitRunning(60, TimeUnit.SECONDS);

    CoreV1Api api = new CoreV1Api(client);
    assertThat(api.readNode("uk8s-abcd1234-vk-x1y2z").execute().getMetadata().getLabels())
        .containsEntry(VirtualNode.TYPE_LABEL, VirtualNode.TYPE_VALUE);
    server.create(
        """
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "nginx", "namespace": "default"},
         "spec": {"nodeName": "uk8s-abcd1234-vk-x1y2z", "automountServiceAccountToken": false,
                  "containers": [{"name": "nginx", "image": "uhub.ucloud-global.com/ucloud/nginx:latest"}]}}
        """);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "Running".equals(phase(api.readNamespacedPod("nginx", "default").execute())));
    assertThat(cloud.cubes()).hasSize(1);
    assertThat(scrape(registry))
        .contains("cubevk_pods{node=\"uk8s-abcd1234-vk-x1y2z\",phase=\"Running\"} 1")
        .containsPattern("cubevk_cube_api_calls_total\\{action=\"create\",outcome=\"ok\"\\} 1");

    agent.stopAsync().awaitTerminated(30, TimeUnit.SECONDS);

    // Stopping the embedded agent stops serving; the Node and the Cube stay.
    assertThat(api.readNode("uk8s-abcd1234-vk-x1y2z").execute()).isNotNull();
    assertThat(cloud.cubes()).hasSize(1);
    assertThat(scrape(registry)).doesNotContain("cubevk_pods");
  }

  @Test
  void buildingWithoutClientCloudOrNodeNamesEveryMissingPiece() {
    assertThatThrownBy(() -> CubeVirtualKubelet.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiClient: required")
        .hasMessageContaining("cloud: required")
        .hasMessageContaining("node: at least one virtual node is required");
  }

  @Test
  void aNodeWithBadSettingsIsRefusedWithEachProblem() {
    VirtualNode bad =
        new VirtualNode.Builder()
            .clusterId("uk8s-abcd1234")
            .name("not-a-vk-name")
            .region("cn-bj2")
            .zone("cn-gd-02")
            .vpcId("uvnet-abc")
            .subnetId("subnet-def")
            .maxPods(500)
            .build();

    assertThatThrownBy(
            () ->
                CubeVirtualKubelet.builder()
                    .apiClient(new ClientBuilder().setBasePath(server.url()).build())
                    .cloud(cloud, cloud, cloud)
                    .node(bad)
                    .build())
        .hasMessageContaining("node not-a-vk-name: name:")
        .hasMessageContaining(
            "node not-a-vk-name: maxPods: 500 is out of range; accepted: 1 to 200")
        .hasMessageContaining(
            "node not-a-vk-name: zone: 'cn-gd-02' is not a zone of region cn-bj2");
  }

  private static String phase(V1Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static String scrape(PrometheusRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
