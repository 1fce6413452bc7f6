package io.cubevk.app.engine.pod;

import static io.cubevk.domain.fixtures.Containers.container;
import static io.cubevk.domain.fixtures.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.Service;
import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.cloud.FaultRule;
import io.cubevk.app.engine.cube.CubeCacheSettings;
import io.cubevk.app.engine.node.ServedNodes;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.fixtures.Pods;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.VolumeSource;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.translation.SecretData;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pod side of the engine end to end over the fake cloud and an in-memory cluster: every
 * behaviour here is one the real agent must show against a real API server too (the *IT tests
 * repeat the key ones over the in-process API server).
 */
class PodEngineTest {

  private static final String NODE = Pods.NODE;
  private static final Duration AT_MOST = Duration.ofSeconds(20);

  private final InMemoryCluster cluster = new InMemoryCluster();
  private final FakeCubeCloud cloud =
      FakeCubeCloud.builder().createDelay(Duration.ofMillis(50)).seed(7).build();
  private final ServedNodes nodes = new ServedNodes();
  private PodEngine engine = start(4);

  @AfterEach
  void stop() {
    stopEngine();
    cloud.close();
  }

  @Test
  void aBoundPodGetsACubeAndTurnsRunningWithFewStatusWrites() {
    PodView nginx = pod().withUid("uid-nginx").build();

    cluster.add(nginx);

    awaitPhase(nginx, PodPhase.RUNNING);
    PodStatus status = cluster.status(nginx.uid()).orElseThrow();
    assertThat(status.podIp()).isPresent();
    assertThat(status.containerStatuses().get(0).containerId())
        .hasValueSatisfying(id -> assertThat(id).startsWith("cube://cube-"));
    assertThat(cluster.writes(nginx.uid())).isBetween(1, 2);
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isEqualTo(1);
    assertThat(cluster.events)
        .anyMatch(e -> e.startsWith("Normal Created nginx: Created Cube cube-"));
  }

  @Test
  void deletingAPodDeletesItsCubeThenRemovesThePod() {
    PodView nginx = pod().withUid("uid-nginx").build();
    cluster.add(nginx);
    awaitPhase(nginx, PodPhase.RUNNING);

    cluster.requestDeletion(nginx.uid());

    await().atMost(AT_MOST).until(() -> cluster.removed.contains(nginx.uid()));
    assertThat(cloud.findByPodUid(nginx.uid())).isEmpty();
    assertThat(cluster.writes(nginx.uid())).isLessThanOrEqualTo(2);
  }

  @Test
  void aPodCubeCannotRunFailsWithEveryViolationAndNoCube() {
    PodView bad =
        pod()
            .withUid("uid-bad")
            .withHostNetwork()
            .withContainer(container("a").requests("16", "64Gi"))
            .withVolume("host", new VolumeSource.HostPath("/var/run", Optional.empty()))
            .build();

    cluster.add(bad);

    awaitPhase(bad, PodPhase.FAILED);
    PodStatus status = cluster.status(bad.uid()).orElseThrow();
    assertThat(status.message().orElse(""))
        .contains("hostNetwork")
        .contains("spec.volumes[0].hostPath")
        .contains("spec.containers[0].resources");
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isZero();
  }

  @Test
  void podsBeyondTheNodesMaxPodsFailOutOfPods() {
    stopEngine();
    nodes.stopServing(NODE);
    engine = start(4, node().maxPods(2));
    List<PodView> pods =
        IntStream.range(0, 3)
            .mapToObj(i -> pod().named("p" + i).withUid("uid-" + i).build())
            .toList();

    pods.forEach(cluster::add);

    await()
        .atMost(AT_MOST)
        .until(
            () ->
                pods.stream()
                    .allMatch(
                        p ->
                            phase(p).filter(PodPhase::isTerminal).isPresent()
                                || phase(p).filter(PodPhase.RUNNING::equals).isPresent()));
    assertThat(pods.stream().filter(p -> phase(p).orElseThrow() == PodPhase.RUNNING)).hasSize(2);
    assertThat(pods)
        .filteredOn(p -> phase(p).orElseThrow() == PodPhase.FAILED)
        .singleElement()
        .satisfies(
            p -> assertThat(cluster.status(p.uid()).orElseThrow().reason()).contains("OutOfpods"));
  }

  @Test
  void noPodIsAdmittedBeforeTheNodeWasReadAndACordonedNodeThenRefusesIt() {
    stopEngine();
    nodes.stopServing(NODE);
    engine = start(4, node(), false);
    PodView nginx = pod().withUid("uid-nginx").build();

    cluster.add(nginx);

    await()
        .during(Duration.ofMillis(600))
        .atMost(AT_MOST)
        .until(() -> cloud.callLog().count(CloudAction.CREATE_CUBE_POD) == 0);
    nodes.get(NODE).orElseThrow().state().observed(false); // the Node turns out cordoned
    awaitPhase(nginx, PodPhase.FAILED);
    assertThat(cluster.status(nginx.uid()).orElseThrow().reason()).contains("NodeDisabled");
    assertThat(cloud.cubes()).isEmpty();
  }

  @Test
  void aLostCreateAnswerMakesNoSecondCube() {
    cloud.faults().add(FaultRule.loseAnswer().on(CloudAction.CREATE_CUBE_POD).times(1));
    PodView nginx = pod().withUid("uid-nginx").build();

    cluster.add(nginx);

    awaitPhase(nginx, PodPhase.RUNNING);
    assertThat(cloud.cubes()).filteredOn(c -> c.podUid().equals(nginx.uid())).hasSize(1);
  }

  @Test
  void aPodWaitingForASecretRunsOnceTheSecretExists() {
    PodView pod =
        pod()
            .withUid("uid-app")
            .withContainer(container("app").envFromSecret("PASSWORD", "db", "password"))
            .build();

    cluster.add(pod);
    await().atMost(AT_MOST).until(() -> cluster.status(pod.uid()).isPresent());
    assertThat(phase(pod)).contains(PodPhase.PENDING);
    assertThat(cluster.events)
        .anyMatch(
            e -> e.startsWith("Warning CreateContainerConfigError nginx: spec.containers[0]"));

    cluster.addSecret(
        "default", "db", SecretData.opaque(Map.of("password", FileBytes.utf8("s3cret"))));

    awaitPhase(pod, PodPhase.RUNNING);
  }

  @Test
  void aCubeWhosePodVanishedIsCollectedAfterTheGraceButNeverAnotherGroups() {
    PodView nginx = pod().withUid("uid-nginx").build();
    cluster.add(nginx);
    awaitPhase(nginx, PodPhase.RUNNING);
    stopEngine(); // the agent is down while the pod is force-deleted
    cluster.forceDelete(nginx.uid());
    CubeSpec foreignSpec =
        new CubeSpec.Builder()
            .from(cloud.findByPodUid(nginx.uid()).orElseThrow().spec())
            .podUid(PodUid.of("uid-foreign"))
            .build();
    CubeId foreign =
        cloud.create(
            foreignSpec,
            CubeOptions.defaults(),
            Placement.of("cn-bj2-05", "uvnet-abc", "subnet-def", "uk8s-abcd1234-vk-other"));

    engine = start(4);
    for (Service service : engine.services()) {
      if (service instanceof OrphanCollector collector) {
        await().atMost(AT_MOST).until(() -> engine.cubes().hasListed(NODE));
        collector.sweep(NODE);
      }
    }

    await().atMost(AT_MOST).until(() -> cloud.findByPodUid(nginx.uid()).isEmpty());
    assertThat(cloud.get(foreign)).isPresent();
  }

  @Test
  void aRestartedAgentAdoptsExistingCubesWithoutDuplicates() {
    List<PodView> pods =
        IntStream.range(0, 10)
            .mapToObj(i -> pod().named("p" + i).withUid("uid-" + i).build())
            .toList();
    pods.forEach(cluster::add);
    pods.forEach(p -> awaitPhase(p, PodPhase.RUNNING));

    stopEngine();
    engine = start(4);
    engine.controller().enqueueAll(NODE);

    await().atMost(AT_MOST).until(() -> engine.controller().queueDepth() == 0);
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isEqualTo(10);
    assertThat(cloud.cubes()).hasSize(10);
  }

  private PodEngine start(int workers) {
    return start(workers, node());
  }

  private PodEngine start(int workers, VirtualNode.Builder node) {
    return start(workers, node, true);
  }

  private PodEngine start(int workers, VirtualNode.Builder node, boolean nodeRead) {
    PodEngine started =
        PodEngine.create(
            new PodEngine.Ports(
                cluster, cluster, cluster, cluster, cluster, cluster, cloud, cloud, cloud),
            new PodEngine.Settings(
                workers,
                new CubeCacheSettings(
                    Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(100), 100),
                Duration.ZERO,
                Duration.ofHours(1),
                Duration.ofHours(1)),
            nodes,
            Clock.systemUTC(),
            EngineMetrics.NONE);
    started.services().forEach(s -> s.startAsync().awaitRunning());
    VirtualNode built = node.build();
    started.serve(built);
    if (nodeRead) {
      // No node controller here: say the node takes pods, as reading an uncordoned Node would.
      nodes.get(built.name()).orElseThrow().state().observed(true);
    }
    return started;
  }

  private void stopEngine() {
    if (engine != null) {
      engine.services().forEach(Service::stopAsync);
      engine.services().forEach(Service::awaitTerminated);
      engine = null;
    }
  }

  private static VirtualNode.Builder node() {
    return new VirtualNode.Builder()
        .clusterId("uk8s-abcd1234")
        .name(NODE)
        .region("cn-bj2")
        .zone("cn-bj2-05")
        .vpcId("uvnet-abc")
        .subnetId("subnet-def");
  }

  private Optional<PodPhase> phase(PodView pod) {
    return cluster.status(pod.uid()).map(PodStatus::phase);
  }

  private void awaitPhase(PodView pod, PodPhase phase) {
    await().atMost(AT_MOST).until(() -> phase(pod).filter(phase::equals).isPresent());
  }
}
