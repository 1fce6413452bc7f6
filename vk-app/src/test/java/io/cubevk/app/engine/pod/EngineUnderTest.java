package io.cubevk.app.engine.pod;

import com.google.common.util.concurrent.Service;
import io.cubevk.app.engine.cube.CubeCacheSettings;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.app.engine.streams.NodeStatsService;
import io.cubevk.domain.fixtures.Pods;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.ports.out.cloud.CubeCloud;
import io.cubevk.ports.out.cloud.Disks;
import io.cubevk.ports.out.cloud.ElasticIps;
import java.time.Clock;
import java.time.Duration;

/**
 * A started {@link PodEngine} over an in-memory cluster and a cloud, serving the fixture node, with
 * the short cache intervals tests want; closing stops its services.
 */
final class EngineUnderTest implements AutoCloseable {

  final PodEngine engine;
  private final ServedNodes nodes = new ServedNodes();

  EngineUnderTest(
      InMemoryCluster cluster,
      CubeCloud cloud,
      ElasticIps eips,
      Disks disks,
      Clock clock,
      NodeStatsService.Settings stats) {
    engine =
        PodEngine.create(
            new PodEngine.Ports(
                cluster, cluster, cluster, cluster, cluster, cluster, cloud, eips, disks),
            new PodEngine.Settings(
                2,
                new CubeCacheSettings(
                    Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(100), 100),
                Duration.ofHours(1),
                Duration.ofHours(1),
                Duration.ofHours(1),
                stats),
            nodes,
            clock,
            EngineMetrics.NONE);
    engine.services().forEach(s -> s.startAsync().awaitRunning());
    VirtualNode node = node();
    engine.serve(node);
    // No node controller here: say the node takes pods, as reading an uncordoned Node would.
    nodes.get(node.name()).orElseThrow().state().observed(true);
  }

  static VirtualNode node() {
    return new VirtualNode.Builder()
        .clusterId("uk8s-abcd1234")
        .name(Pods.NODE)
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .vpcId("uvnet-abc")
        .subnetId("subnet-def")
        .build();
  }

  @Override
  public void close() {
    engine.services().forEach(Service::stopAsync);
    engine.services().forEach(Service::awaitTerminated);
  }
}
