package io.cubevk.app.engine.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.cloud.ManualClock;
import io.cubevk.app.engine.cube.CubeCache;
import io.cubevk.app.engine.cube.CubeCacheSettings;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The orphan collector of an agent serving several virtual nodes. */
class OrphanCollectorTest {

  private static final Duration GRACE = Duration.ofSeconds(10);

  private final ManualClock clock = ManualClock.atDefaultStart();
  private final FakeCubeCloud cloud =
      FakeCubeCloud.builder().clock(clock).createDelay(Duration.ZERO).build();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final CubeCache cubes =
      new CubeCache(
          cloud,
          new CubeCacheSettings(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), 100),
          scheduler,
          uid -> {});
  private final ServedNodes nodes = new ServedNodes();
  private final OrphanCollector collector =
      new OrphanCollector(
          cubes, new InMemoryCluster(), cloud, nodes, clock, GRACE, Duration.ofSeconds(1));

  @AfterEach
  void close() {
    scheduler.shutdownNow();
    cloud.close();
  }

  @Test
  void orphansOfEveryServedNodeAreCollectedOnceTheirGraceHasPassed() {
    // Regression, found by the chaos suite (seed 8): one "orphaned since" table for all nodes,
    // pruned to the node being swept, forgot the other nodes' orphans on every sweep, so with two
    // nodes none was ever old enough to be deleted.
    List<String> groups = List.of("uk8s-abcd1234-vk-a", "uk8s-abcd1234-vk-b");
    List<CubeId> orphans =
        groups.stream()
            .map(
                group -> {
                  nodes.serve(node(group));
                  CubeId id =
                      cloud.create(spec("uid-of-" + group), CubeOptions.defaults(), in(group));
                  cubes.refresh(group);
                  return id;
                })
            .toList();

    collector.runOneIteration();
    clock.advance(GRACE.minusSeconds(1));
    collector.runOneIteration();
    assertThat(orphans).allMatch(id -> cloud.get(id).isPresent()); // not before the grace

    clock.advance(Duration.ofSeconds(2));
    collector.runOneIteration();

    assertThat(orphans).allMatch(id -> cloud.get(id).isEmpty());
  }

  private static VirtualNode node(String name) {
    return new VirtualNode.Builder()
        .clusterId("uk8s-abcd1234")
        .name(name)
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .vpcId("uvnet-abc")
        .subnetId("subnet-def")
        .build();
  }

  private static Placement in(String group) {
    return Placement.of("cn-bj2-05", "uvnet-abc", "subnet-def", group);
  }

  private static CubeSpec spec(String uid) {
    return new CubeSpec.Builder()
        .name("gone")
        .podUid(PodUid.of(uid))
        .addContainers(
            new CubeContainer.Builder()
                .name("main")
                .image("nginx:1.27")
                .limits(CubeResources.of(Cpu.ofMillis(1000), Memory.ofMebibytes(1024)))
                .build())
        .build();
  }
}
