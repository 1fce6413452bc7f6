package io.cubevk.adapter.fake.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.pod.PodUid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmark's shape: 8 virtual nodes of 200 Cubes, created at once with no create delay. */
class ScaleTest {

  @Test
  void sixteenHundredCubesInEightGroupsAreListedAndFoundCorrectly() throws Exception {
    FakeCubeCloud cloud =
        FakeCubeCloud.builder()
            .clock(ManualClock.atDefaultStart())
            .createDelay(Duration.ZERO)
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Map<PodUid, CubeId>>> nodes = new ArrayList<>();
    for (int n = 0; n < 8; n++) {
      Placement placement = Placement.of("cn-bj2-05", "uvnet-b", "subnet-b", "uk8s-bench-vk-" + n);
      nodes.add(
          pool.submit(
              () -> {
                Map<PodUid, CubeId> created = new HashMap<>();
                for (int i = 0; i < 200; i++) {
                  CubeSpec spec = TestCubes.script("pod-" + i, "sleep 3600");
                  created.put(spec.podUid(), cloud.create(spec, CubeOptions.defaults(), placement));
                }
                return created;
              }));
    }
    Map<PodUid, CubeId> all = new HashMap<>();
    for (Future<Map<PodUid, CubeId>> f : nodes) {
      all.putAll(f.get(1, TimeUnit.MINUTES));
    }
    pool.shutdown();

    for (int n = 0; n < 8; n++) {
      List<ObservedCube> listed = cloud.list("uk8s-bench-vk-" + n);
      assertThat(listed).hasSize(200);
      assertThat(listed)
          .allSatisfy(c -> assertThat(c.status().phase()).isEqualTo(CubePhase.RUNNING));
    }
    all.forEach(
        (uid, id) -> assertThat(cloud.findByPodUid(uid)).map(ObservedCube::cubeId).contains(id));
    assertThat(cloud.cubes()).hasSize(1600);
    assertThat(cloud.cubes().stream().map(c -> c.status().podIp().orElseThrow()).distinct())
        .hasSize(1600);
    cloud.close();
  }
}
