package io.cubevk.app.facade;

import com.google.common.util.concurrent.Service;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.domain.node.VirtualNode;
import io.kubernetes.client.openapi.ApiClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The example of docs/embedding.md: the doc shows the text between the markers, and {@link
 * EmbeddingExampleIT} checks that it does and runs it.
 */
final class EmbeddingExample {

  private EmbeddingExample() {}

  // BEGIN embedding-example
  static Service embeddedAgent(ApiClient client, FakeCubeCloud cloud, PrometheusRegistry registry) {
    VirtualNode node =
        new VirtualNode.Builder()
            .clusterId("uk8s-abcd1234")
            // a name made once with VirtualNode.generateName(clusterId, random) and kept:
            // a new name is a new node
            .name("uk8s-abcd1234-vk-x1y2z")
            .region("cn-bj2")
            .zone("cn-bj2-05")
            .vpcId("uvnet-abc")
            .subnetId("subnet-def")
            .maxPods(50)
            .build();
    return CubeVirtualKubelet.builder()
        .apiClient(client) // the cluster, e.g. io.kubernetes.client.util.Config.defaultClient()
        // CubeCloud, ElasticIps and Disks in one (the fake); or .ucloud(credentials, endpoint)
        .cloud(cloud, cloud, cloud)
        .node(node)
        .metricsRegistry(registry) // optional
        .build();
  }
  // END embedding-example
}
