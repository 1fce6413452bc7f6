package io.cubevk.app.engine.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeStatus;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CubeCacheTest {

  private static final String NODE = "uk8s-abcd1234-vk-x1y2z";

  private final ScriptedCubeCloud cloud = new ScriptedCubeCloud();
  private final ConcurrentLinkedQueue<PodUid> changes = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final CubeCache cache =
      new CubeCache(
          cloud,
          new CubeCacheSettings(
              Duration.ofMillis(50), Duration.ofMillis(5), Duration.ofMillis(20), 100),
          scheduler,
          changes::add);

  @AfterEach
  void stop() {
    cache.close();
    scheduler.shutdownNow();
  }

  @Test
  void servingAGroupListsItAndReportsEveryCubeFound() {
    cloud.put(NODE, cube("pod-a", "cube-a", CubePhase.RUNNING));
    cloud.put(NODE, cube("pod-b", "cube-b", CubePhase.RUNNING));
    cloud.put("uk8s-abcd1234-vk-other", cube("pod-c", "cube-c", CubePhase.RUNNING));

    cache.serve(NODE);

    await().atMost(Duration.ofSeconds(5)).until(() -> cache.hasListed(NODE));
    assertThat(cache.inGroup(NODE))
        .extracting(c -> c.cubeId().value())
        .containsOnly("cube-a", "cube-b");
    assertThat(changes)
        .contains(PodUid.of("pod-a"), PodUid.of("pod-b"))
        .doesNotContain(PodUid.of("pod-c"));
  }

  @Test
  void aListThatStartedBeforeACreateFinishedKeepsTheNewCube() {
    ObservedCube created = cube("pod-new", "cube-new", CubePhase.RUNNING);
    cloud.duringList = () -> cache.created(NODE, created);

    cache.refresh(NODE);

    assertThat(cache.byPod(PodUid.of("pod-new"))).contains(created);
  }

  @Test
  void aListThatStartedBeforeADeleteWasConfirmedDoesNotReviveTheCube() {
    cloud.put(NODE, cube("pod-a", "cube-a", CubePhase.RUNNING));
    cache.refresh(NODE);
    cloud.duringList = () -> cache.gone(NODE, PodUid.of("pod-a"));

    cache.refresh(NODE);

    assertThat(cache.byPod(PodUid.of("pod-a"))).isEmpty();
  }

  @Test
  void aCubeMissingFromALaterListIsReportedAsVanished() {
    cloud.put(NODE, cube("pod-a", "cube-a", CubePhase.RUNNING));
    cache.refresh(NODE);
    changes.clear();

    cloud.remove(CubeId.of("cube-a"));
    cache.refresh(NODE);

    assertThat(cache.byPod(PodUid.of("pod-a"))).isEmpty();
    assertThat(changes).containsExactly(PodUid.of("pod-a"));
  }

  @Test
  void aCreatedCubeIsWatchedCloselyUntilItRunsWithOneGetPerLook() {
    ObservedCube pending = cube("pod-a", "cube-a", CubePhase.PENDING);
    cloud.put(NODE, cube("pod-a", "cube-a", CubePhase.CONTAINER_CREATING));

    cache.created(NODE, pending);
    await().atMost(Duration.ofSeconds(5)).until(() -> cloud.gets.get() >= 2);
    cloud.put(NODE, cube("pod-a", "cube-a", CubePhase.RUNNING));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                cache.byPod(PodUid.of("pod-a")).map(c -> c.status().phase()).orElse(null)
                    == CubePhase.RUNNING);
    assertThat(cloud.lists).hasValue(0);
    // once steady, the fast path lets go of the Cube
    await().atMost(Duration.ofSeconds(5)).until(() -> cache.watchedClosely(NODE) == 0);
  }

  @Test
  void manyCubesInTransitionAreListedInsteadOfFetchedOneByOne() {
    for (int i = 0; i < 250; i++) {
      cloud.put(NODE, cube("pod-" + i, "cube-" + i, CubePhase.RUNNING));
    }
    // The first look comes late enough for the whole burst to be created before it.
    CubeCache burstCache =
        new CubeCache(
            cloud,
            new CubeCacheSettings(
                Duration.ofSeconds(50), Duration.ofMillis(300), Duration.ofMillis(300), 100),
            scheduler,
            changes::add);
    for (int i = 0; i < 250; i++) {
      burstCache.created(NODE, cube("pod-" + i, "cube-" + i, CubePhase.PENDING));
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                burstCache.inGroup(NODE).stream()
                    .allMatch(c -> c.status().phase() == CubePhase.RUNNING));
    assertThat(cloud.gets).hasValue(0);
    assertThat(cloud.lists).hasValue(1);
    burstCache.close();
  }

  @Test
  void aDeletedCubeIsWatchedUntilItIsGone() {
    cloud.put(NODE, cube("pod-a", "cube-a", CubePhase.RUNNING));
    cache.refresh(NODE);
    changes.clear();

    cache.deleting(NODE, PodUid.of("pod-a"), CubeId.of("cube-a"));
    cloud.put(NODE, cube("pod-a", "cube-a", CubePhase.TERMINATING));
    await().atMost(Duration.ofSeconds(5)).until(() -> cloud.gets.get() >= 1);
    cloud.remove(CubeId.of("cube-a"));

    await().atMost(Duration.ofSeconds(5)).until(() -> cache.byPod(PodUid.of("pod-a")).isEmpty());
    assertThat(changes).contains(PodUid.of("pod-a"));
  }

  @Test
  void aSecondCubeForTheSamePodIsReportedAsADuplicateKeepingTheKnownOne() {
    ObservedCube known = cube("pod-a", "cube-1", CubePhase.RUNNING);
    cache.created(NODE, known);
    cloud.put(NODE, cube("pod-a", "cube-0", CubePhase.RUNNING));
    cloud.put(NODE, known);

    cache.refresh(NODE);

    assertThat(cache.byPod(PodUid.of("pod-a"))).contains(known);
    assertThat(cache.duplicates(NODE))
        .extracting(c -> c.cubeId().value())
        .containsExactly("cube-0");
  }

  static ObservedCube cube(String podUid, String cubeId, CubePhase phase) {
    CubeSpec spec =
        new CubeSpec.Builder()
            .name(podUid)
            .podUid(PodUid.of(podUid))
            .addContainers(
                new CubeContainer.Builder()
                    .name("main")
                    .image("uhub.ucloud-global.com/ucloud/nginx:latest")
                    .limits(CubeResources.of(Cpu.ofCores(1), Memory.ofGibibytes(2)))
                    .build())
            .build();
    return ObservedCube.of(CubeId.of(cubeId), spec, CubeStatus.of(phase));
  }
}
