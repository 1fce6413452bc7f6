package io.cubevk.app.engine.pod;

import static io.cubevk.domain.fixtures.Containers.container;
import static io.cubevk.domain.fixtures.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.cloud.ManualClock;
import io.cubevk.app.engine.streams.NodeStatsService;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.fixtures.Pods;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.ports.in.ContainerStats;
import io.cubevk.ports.in.NodeStats;
import io.cubevk.ports.in.PodStats;
import io.cubevk.ports.out.cloud.CloudCapability;
import io.cubevk.ports.out.cloud.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's usage stats over the fake cloud, whose samples come every 10 s of its clock: here a
 * manual clock shared by the cloud and the engine, so that a minute passes at once and the samples
 * a scrape should see are known.
 */
class PodEngineStatsTest {

  private static final Duration AT_MOST = Duration.ofSeconds(20);
  private static final Duration REFRESH = Duration.ofSeconds(30);

  private final ManualClock clock = ManualClock.atDefaultStart();
  private final InMemoryCluster cluster = new InMemoryCluster();
  private FakeCubeCloud fake = fake(EnumSet.allOf(CloudCapability.class));
  private RecordingCloud cloud = new RecordingCloud(fake);
  private EngineUnderTest running = start();

  @AfterEach
  void stop() {
    running.close();
    fake.close();
  }

  @Test
  void aScrapeReportsEveryRunningContainerWithItsLatestSample() {
    PodView web =
        runningPod(
            pod()
                .named("web")
                .withUid("uid-web")
                .withContainer(container("app"))
                .withContainer(container("proxy")));
    PodView db = runningPod(pod().named("db").withUid("uid-db"));
    clock.advance(Duration.ofSeconds(35));

    NodeStats node = onlyNode(running.engine.stats().stats());

    assertThat(node.nodeName()).isEqualTo(Pods.NODE);
    assertThat(node.pods()).extracting(p -> p.pod().name()).containsExactlyInAnyOrder("web", "db");
    PodStats webStats = podStats(node, web);
    assertThat(webStats.containers())
        .extracting(ContainerStats::name)
        .containsExactly("app", "proxy");
    for (ContainerStats container : webStats.containers()) {
      assertThat(container.usage()).contains(latestSample(web.uid(), container.name()));
      assertThat(container.startTime()).isPresent();
    }
    assertThat(podStats(node, db).containers().get(0).usage())
        .contains(latestSample(db.uid(), "nginx"));
    assertThat(webStats.startTime()).isPresent();
  }

  @Test
  void theCpuCounterGrowsByTheIntegralOfTheSamplesBetweenTwoScrapes() {
    PodView nginx = runningPod(pod().withUid("uid-cpu"));
    clock.advance(Duration.ofSeconds(35));
    ContainerStats first = statsOf(running.engine.stats().stats(), nginx, "nginx");
    Instant firstTime = first.usage().orElseThrow().timestamp();

    clock.advance(Duration.ofSeconds(60));
    await()
        .atMost(AT_MOST)
        .until(
            () ->
                statsOf(running.engine.stats().stats(), nginx, "nginx")
                    .usage()
                    .orElseThrow()
                    .timestamp()
                    .isAfter(firstTime));
    ContainerStats second = statsOf(running.engine.stats().stats(), nginx, "nginx");

    List<UsageSample> between =
        fake.metrics(
            cubeOf(nginx.uid()), "nginx", firstTime, second.usage().orElseThrow().timestamp());
    assertThat(between).hasSizeGreaterThan(2);
    assertThat(between).allMatch(s -> s.cpuNanoCores() > 0);
    long grown =
        second.cpuUsageCoreNanoSeconds().orElseThrow()
            - first.cpuUsageCoreNanoSeconds().orElseThrow();
    assertThat((double) grown).isCloseTo(trapezoid(between), within((double) between.size()));
  }

  @Test
  void scrapesWithinTheRefreshIntervalDoNotCallTheCloud() {
    runningPod(
        pod().withUid("uid-two").withContainer(container("a")).withContainer(container("b")));
    clock.advance(Duration.ofSeconds(15));

    running.engine.stats().stats();
    assertThat(cloud.metricsCalls).hasValue(2); // one per container

    running.engine.stats().stats();
    clock.advance(REFRESH.minusSeconds(1));
    running.engine.stats().stats();
    assertThat(cloud.metricsCalls).hasValue(2);

    clock.advance(Duration.ofSeconds(1));
    running.engine.stats().stats();
    await().atMost(AT_MOST).untilAsserted(() -> assertThat(cloud.metricsCalls).hasValue(4));
  }

  @Test
  void aRestartedContainerCountsItsCpuFromItsNewStart() {
    PodView crashing =
        runningPod(
            pod()
                .withUid("uid-crash")
                .withRestartPolicy(RestartPolicy.ALWAYS)
                .withContainer(container("job").command("sh", "-c", "sleep 30; exit 1")));
    clock.advance(Duration.ofSeconds(14));
    Instant firstStart =
        statsOf(running.engine.stats().stats(), crashing, "job").startTime().orElseThrow();

    clock.advance(Duration.ofSeconds(40)); // the run ended at 31 s and the next began at once
    await()
        .atMost(AT_MOST)
        .ignoreExceptions() // the Cube cache may still show the run between two lists
        .until(
            () -> {
              ContainerStats job = statsOf(running.engine.stats().stats(), crashing, "job");
              return !job.startTime().orElseThrow().equals(firstStart)
                  && job.cpuUsageCoreNanoSeconds().isPresent();
            });
    ContainerStats job = statsOf(running.engine.stats().stats(), crashing, "job");

    Instant secondStart = job.startTime().orElseThrow();
    List<UsageSample> secondRun =
        fake.metrics(cubeOf(crashing.uid()), "job", secondStart, clock.instant());
    UsageSample firstOfRun = secondRun.get(0);
    double expected =
        firstOfRun.cpuNanoCores()
                * (Duration.between(secondStart, firstOfRun.timestamp()).toNanos() / 1e9)
            + trapezoid(secondRun);
    assertThat((double) job.cpuUsageCoreNanoSeconds().orElseThrow())
        .isCloseTo(expected, within((double) secondRun.size() + 1));
  }

  @Test
  void podsWithoutACubeAreNotReported() {
    PodView refused = pod().named("refused").withUid("uid-refused").withHostNetwork().build();
    cluster.add(refused);
    await()
        .atMost(AT_MOST)
        .until(
            () ->
                cluster.status(refused.uid()).map(PodStatus::phase).orElse(null)
                    == PodPhase.FAILED);
    runningPod(pod().named("ok").withUid("uid-ok"));

    NodeStats node = onlyNode(running.engine.stats().stats());

    assertThat(node.pods()).extracting(p -> p.pod().name()).containsExactly("ok");
  }

  @Test
  void aCloudWithoutMetricsIsAskedOnceAndPodsHaveNoUsage() {
    running.close();
    fake.close();
    fake = fake(EnumSet.complementOf(EnumSet.of(CloudCapability.METRICS)));
    cloud = new RecordingCloud(fake);
    running = start();
    PodView nginx = runningPod(pod().withUid("uid-nometrics"));
    clock.advance(Duration.ofSeconds(35));

    running.engine.stats().stats();
    clock.advance(REFRESH.multipliedBy(2));
    ContainerStats stats = statsOf(running.engine.stats().stats(), nginx, "nginx");

    assertThat(stats.usage()).isEmpty();
    assertThat(stats.cpuUsageCoreNanoSeconds()).isEmpty();
    assertThat(stats.startTime()).isPresent();
    assertThat(cloud.metricsCalls).hasValue(1);
  }

  // ------------------------------------------------------------------ helpers

  private FakeCubeCloud fake(EnumSet<CloudCapability> capabilities) {
    return FakeCubeCloud.builder()
        .clock(clock)
        .createDelay(Duration.ofSeconds(1))
        .capabilities(capabilities)
        .seed(11)
        .build();
  }

  private EngineUnderTest start() {
    return new EngineUnderTest(
        cluster,
        cloud,
        fake,
        fake,
        clock,
        new NodeStatsService.Settings(REFRESH, Duration.ofMinutes(10), Duration.ofSeconds(10)));
  }

  private PodView runningPod(Pods pod) {
    PodView view = pod.build();
    cluster.add(view);
    await()
        .atMost(AT_MOST)
        .until(() -> fake.cubes().stream().anyMatch(c -> c.podUid().equals(view.uid())));
    clock.advance(Duration.ofSeconds(1));
    await()
        .atMost(AT_MOST)
        .until(
            () ->
                cluster.status(view.uid()).map(PodStatus::phase).orElse(null) == PodPhase.RUNNING);
    return view;
  }

  private CubeId cubeOf(PodUid uid) {
    return fake.cubes().stream()
        .filter(c -> c.podUid().equals(uid))
        .findFirst()
        .orElseThrow()
        .cubeId();
  }

  /** The newest sample the cloud has for the container now (asked directly, with no cache). */
  private UsageSample latestSample(PodUid uid, String container) {
    List<UsageSample> samples =
        fake.metrics(cubeOf(uid), container, clock.instant().minusSeconds(60), clock.instant());
    return samples.get(samples.size() - 1);
  }

  private static NodeStats onlyNode(List<NodeStats> stats) {
    assertThat(stats).hasSize(1);
    return stats.get(0);
  }

  private static PodStats podStats(NodeStats node, PodView pod) {
    return node.pods().stream().filter(p -> p.uid().equals(pod.uid())).findFirst().orElseThrow();
  }

  private static ContainerStats statsOf(List<NodeStats> stats, PodView pod, String name) {
    return podStats(onlyNode(stats), pod).containers().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Core-nanoseconds under the samples, a straight line between each two. */
  private static double trapezoid(List<UsageSample> samples) {
    double sum = 0;
    for (int i = 1; i < samples.size(); i++) {
      UsageSample a = samples.get(i - 1);
      UsageSample b = samples.get(i);
      double seconds = Duration.between(a.timestamp(), b.timestamp()).toNanos() / 1e9;
      sum += (a.cpuNanoCores() + b.cpuNanoCores()) / 2.0 * seconds;
    }
    return sum;
  }
}
