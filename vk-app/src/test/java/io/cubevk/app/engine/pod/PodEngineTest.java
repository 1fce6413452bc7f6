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
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.fixtures.Pods;
import io.cubevk.domain.node.VirtualNode;
import io.cubevk.domain.pod.DownwardApiFile;
import io.cubevk.domain.pod.FieldRef;
import io.cubevk.domain.pod.KeyToPath;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.ProjectionSource;
import io.cubevk.domain.pod.VolumeSource;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.translation.ApiServerEndpoint;
import io.cubevk.domain.translation.ClusterDns;
import io.cubevk.domain.translation.ConfigMapData;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.domain.translation.SecretData;
import io.cubevk.domain.translation.TokenTimes;
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
    assertThat(pods.stream().filter(p -> phase(p).orElseThrow() == PodPhase.RUNNING))
        .as("statuses %s", pods.stream().map(p -> cluster.status(p.uid())).toList())
        .hasSize(2);
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

  // ---------------------------------------------------------------- tokens (issue 10)

  @Test
  void aProjectedTokenIsServedAsASecretFileAndRenewedBeforeItExpires() {
    cluster.tokenLifetime = Duration.ofSeconds(2); // refreshed at 80 %: 1.6 s
    cluster.configMaps.put(
        "default/kube-root-ca.crt", ConfigMapData.of(Map.of("ca.crt", "-----BEGIN CERT-----")));
    PodView pod = withTokenVolume(pod().withUid("uid-token")).build();

    cluster.add(pod);
    awaitPhase(pod, PodPhase.RUNNING);
    String first = tokenFileOf(pod);

    await().atMost(AT_MOST).until(() -> cloud.callLog().count(CloudAction.RENEW_CUBE_POD) >= 1);
    await().atMost(AT_MOST).until(() -> !tokenFileOf(pod).equals(first));
    assertThat(TokenTimes.of(first)).isPresent();
    CubeVolume.Files files = accessVolume(pod);
    assertThat(files.kind()).isEqualTo(CubeVolume.Files.Kind.SECRET);
    assertThat(files.items()).containsOnlyKeys("token", "ca.crt", "namespace");
    assertThat(cluster.events).anyMatch(e -> e.startsWith("Normal Renewed nginx"));
    assertThat(cluster.events).noneMatch(e -> e.contains(first));
  }

  @Test
  void aRestartedAgentKeepsTheFreshTokensItsCubesCarryInsteadOfRenewingEveryCube() {
    cluster.configMaps.put("default/kube-root-ca.crt", ConfigMapData.of(Map.of("ca.crt", "x")));
    List<PodView> pods =
        IntStream.range(0, 3)
            .mapToObj(i -> withTokenVolume(pod().named("t" + i).withUid("uid-t" + i)).build())
            .toList();
    pods.forEach(cluster::add);
    pods.forEach(p -> awaitPhase(p, PodPhase.RUNNING));
    assertThat(cluster.tokenRequests).hasValue(3);

    stopEngine();
    engine = start(4);
    engine.controller().enqueueAll(NODE);

    await().atMost(AT_MOST).until(() -> engine.controller().queueDepth() == 0);
    assertThat(cluster.tokenRequests).hasValue(3);
    assertThat(cloud.callLog().count(CloudAction.RENEW_CUBE_POD)).isZero();
  }

  @Test
  void aPodWhoseServiceAccountIsGoneFailsWithAClearReasonAndNoCube() {
    PodView pod = withTokenVolume(pod().withUid("uid-ghost").withServiceAccount("ghost")).build();
    cluster.configMaps.put("default/kube-root-ca.crt", ConfigMapData.of(Map.of("ca.crt", "x")));

    cluster.add(pod);

    awaitPhase(pod, PodPhase.FAILED);
    PodStatus status = cluster.status(pod.uid()).orElseThrow();
    assertThat(status.reason()).contains("ServiceAccountNotFound");
    assertThat(status.message().orElse("")).contains("service account \"ghost\" does not exist");
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isZero();
  }

  // ---------------------------------------------------------------- cluster IPs and DNS

  @Test
  void withoutClusterIpSupportTheCubeGetsTheApiServersEndpointVpcDnsAndNoServiceLinks() {
    cluster.apiServerEndpoint = Optional.of(new ApiServerEndpoint("10.9.0.2", 6443));
    cluster.serviceEnvironment.put("REDIS_SERVICE_HOST", "10.96.3.4");
    PodView pod = pod().withUid("uid-off").withDnsPolicy("ClusterFirst").build();

    cluster.add(pod);
    awaitPhase(pod, PodPhase.RUNNING);

    CubeSpec cube = cubeOf(pod).spec();
    assertThat(env(cube))
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.9.0.2")
        .containsEntry("KUBERNETES_SERVICE_PORT", "6443")
        .doesNotContainKey("REDIS_SERVICE_HOST");
    assertThat(cube.dnsConfig()).isEmpty();
    assertThat(cluster.serviceLinkLookups).hasValue(0);
    assertThat(cluster.events)
        .anyMatch(e -> e.startsWith("Warning CubeWarning nginx: spec.dnsPolicy: ClusterFirst"));
  }

  @Test
  void withClusterIpSupportServiceLinksAndTheClusterDnsReachTheCube() {
    stopEngine();
    nodes.stopServing(NODE);
    engine = start(4, node().clusterIpSupport(true));
    cluster.apiServerEndpoint = Optional.of(new ApiServerEndpoint("10.9.0.2", 6443));
    cluster.clusterDns = Optional.of(new ClusterDns("10.96.0.10", "cluster.local"));
    cluster.serviceEnvironment.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    cluster.serviceEnvironment.put("REDIS_SERVICE_HOST", "10.96.3.4");
    PodView pod = pod().withUid("uid-on").inNamespace("shop").withDnsPolicy("ClusterFirst").build();

    cluster.add(pod);
    awaitPhase(pod, PodPhase.RUNNING);

    CubeSpec cube = cubeOf(pod).spec();
    assertThat(env(cube))
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1")
        .containsEntry("REDIS_SERVICE_HOST", "10.96.3.4");
    assertThat(cube.dnsPolicy()).contains("None");
    assertThat(cube.dnsConfig().orElseThrow().nameservers()).containsExactly("10.96.0.10");
    assertThat(cube.dnsConfig().orElseThrow().searches()).startsWith("shop.svc.cluster.local");
    assertThat(cluster.events).noneMatch(e -> e.contains("spec.dnsPolicy"));
  }

  // ---------------------------------------------------------------- UDisks

  @Test
  void aWaitForFirstConsumerClaimKeepsThePodPendingUntilBoundThenTheCubeMountsTheDisk() {
    cluster.pendingClaim("default", "data", true);
    PodView pod = withClaim(pod().withUid("uid-wffc"), "data").build();

    cluster.add(pod);
    await().atMost(AT_MOST).until(() -> cluster.status(pod.uid()).isPresent());
    assertThat(phase(pod)).contains(PodPhase.PENDING);
    assertThat(cluster.events)
        .anyMatch(e -> e.startsWith("Warning FailedMount nginx:") && e.contains("nodeSelector"));
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isZero();

    String disk = cloud.diskInventory().create();
    cluster.bindClaim(
        "default",
        "data",
        PersistentVolumeFacts.udisk("pvc-data", disk, "ext4", "Delete", Optional.of("rssd")));

    awaitPhase(pod, PodPhase.RUNNING);
    assertThat(cubeOf(pod).spec().volumes())
        .contains(new CubeVolume.UDisk("data", disk, "ext4", false));
    assertThat(cloud.diskInventory().attachedTo(disk)).contains(cubeOf(pod).cubeId());
    assertThat(cluster.events)
        .anyMatch(e -> e.startsWith("Warning CubeWarning nginx:") && e.contains("RSSD"));
  }

  @Test
  void deletingTheNodeDeletesItsCubesUDisksExceptThoseOfRetainedVolumes() {
    String scratch = cloud.diskInventory().create();
    String precious = cloud.diskInventory().create();
    cluster.bindClaim("default", "scratch", PersistentVolumeFacts.udisk("pv-s", scratch, "ext4"));
    cluster.bindClaim(
        "default",
        "precious",
        PersistentVolumeFacts.udisk("pv-p", precious, "ext4", "Retain", Optional.empty()));
    PodView a = withClaim(pod().named("a").withUid("uid-a"), "scratch").build();
    PodView b = withClaim(pod().named("b").withUid("uid-b"), "precious").build();
    cluster.add(a);
    cluster.add(b);
    awaitPhase(a, PodPhase.RUNNING);
    awaitPhase(b, PodPhase.RUNNING);

    VirtualNode node = nodes.get(NODE).orElseThrow().settings();
    nodes.stopServing(NODE); // the pod workers leave the node to the drain, as when draining
    await()
        .atMost(AT_MOST)
        .ignoreExceptions()
        .until(
            () -> {
              engine.drain().drain(node);
              return true;
            });

    assertThat(cloud.cubes()).isEmpty();
    assertThat(cloud.diskInventory().exists(scratch)).isFalse();
    assertThat(cloud.diskInventory().exists(precious)).isTrue();
    assertThat(cluster.removed).contains(a.uid(), b.uid());
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

  private static Pods withTokenVolume(Pods pod) {
    return pod.withContainer(container("nginx").mount("kube-api-access-abcde", "/var/run/secrets"))
        .withVolume(
            "kube-api-access-abcde",
            new VolumeSource.Projected(
                List.of(
                    new ProjectionSource.ServiceAccountToken(Optional.empty(), 3607, "token"),
                    new ProjectionSource.ConfigMapItems(
                        "kube-root-ca.crt", List.of(KeyToPath.of("ca.crt", "ca.crt")), false),
                    new ProjectionSource.DownwardApiItems(
                        List.of(
                            new DownwardApiFile(
                                "namespace",
                                new FieldRef("metadata.namespace"),
                                Optional.empty())))),
                Optional.of(420)));
  }

  private static Pods withClaim(Pods pod, String claim) {
    return pod.withContainer(container("nginx").mount(claim, "/data"))
        .withVolume(claim, new VolumeSource.PersistentVolumeClaim(claim, false));
  }

  private ObservedCube cubeOf(PodView pod) {
    return cloud.findByPodUid(pod.uid()).orElseThrow();
  }

  private CubeVolume.Files accessVolume(PodView pod) {
    return cubeOf(pod).spec().volumes().stream()
        .filter(v -> v.name().equals("kube-api-access-abcde"))
        .map(CubeVolume.Files.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private String tokenFileOf(PodView pod) {
    return accessVolume(pod).items().get("token").utf8();
  }

  private static Map<String, String> env(CubeSpec cube) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    cube.containers().get(0).env().forEach(v -> env.put(v.name(), v.value()));
    return env;
  }

  private Optional<PodPhase> phase(PodView pod) {
    return cluster.status(pod.uid()).map(PodStatus::phase);
  }

  private void awaitPhase(PodView pod, PodPhase phase) {
    await().atMost(AT_MOST).until(() -> phase(pod).filter(phase::equals).isPresent());
  }
}
