package io.cubevk.ports.out.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeContainerStatus;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubePort;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.CubeVolumeMount;
import io.cubevk.domain.cube.EipChargeType;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.EipPayMode;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The behaviour every {@link CubeCloud} (with its {@link ElasticIps} and {@link Disks}) keeps,
 * written once. An implementation's test extends it and supplies, through {@link #startCloud()},
 * the cloud under test plus a few hooks ({@link CloudUnderTest}): persistent fault injection, a way
 * to let cloud time pass, a disk provisioner, a way to change the cloud between list pages, and a
 * direct route to the same cloud that bypasses the implementation under test.
 *
 * <p>Faults are injected <em>persistently</em> (every call fails until {@link
 * CloudUnderTest#clearFaults()}), so an implementation's retries cannot hide them: the contract
 * checks the failure that finally surfaces. Streaming tests run for each capability the cloud
 * declares and check {@link CloudFailure.Unsupported} for each it does not (the others are skipped
 * by assumption).
 *
 * <p>The documents used are what a real Cube would run too: busybox-like commands ({@code sh -c
 * 'echo …; sleep …'}), allowed sizes, a configMap volume. Each test uses its own group.
 */
public abstract class CubeCloudContractTest {

  /** The kinds of fault the contract injects; each applies to every call until cleared. */
  public enum InjectedFault {
    /** The service answers "unavailable" (UCloud RetCode 150). */
    UNAVAILABLE,
    /** The account is rate limited (RetCode 153). */
    THROTTLED,
    /** The credentials are refused (RetCode 171). */
    UNAUTHORIZED,
    /** Requests are refused for good (bad input or quota: a non-retryable RetCode). */
    REJECTED,
    /** The service does not answer at all (HTTP 503 from its gateway). */
    OUTAGE,
    /** Creates are performed, but their answers are lost on the way back. */
    LOSE_CREATE_ANSWERS
  }

  /**
   * What an implementation's test supplies: the cloud under test and the hooks to drive it. One is
   * started per test and closed after it.
   */
  public interface CloudUnderTest extends AutoCloseable {

    /** The implementation under test. */
    CubeCloud cloud();

    /** Its elastic IPs (the same implementation's). */
    ElasticIps elasticIps();

    /** Its disks (the same implementation's). */
    Disks disks();

    /**
     * The same cloud reached without the implementation under test (for a fake: the fake itself;
     * for an adapter over an emulator: the fake cloud behind the emulator). Used to change the
     * cloud behind the implementation's back, e.g. from {@link #beforeNextListPages}.
     */
    CubeCloud direct();

    /** Provisions a UDisk a Cube can mount (as storage provisioning would) and returns its id. */
    String provisionDisk();

    /** From now on, every call fails with this fault, until {@link #clearFaults()}. */
    void inject(InjectedFault fault);

    void clearFaults();

    /**
     * Lets at least this much cloud time pass: a fake advances its clock (never sleeping); a real
     * cloud would sleep.
     */
    void letTimePass(Duration duration);

    /**
     * Runs {@code action} in the cloud just before it serves each of the next {@code pages} list
     * pages (ListCubePod calls; for an implementation that lists in one call, that call).
     */
    void beforeNextListPages(int pages, Runnable action);

    @Override
    void close();
  }

  /** Starts a fresh cloud for one test. */
  protected abstract CloudUnderTest startCloud();

  /** How long a single stream event may take to arrive (real time). */
  protected Duration streamTimeout() {
    return Duration.ofSeconds(10);
  }

  protected CloudUnderTest cut;
  protected CubeCloud cloud;
  private String group;

  @BeforeEach
  void startTheCloud(TestInfo info) {
    cut = startCloud();
    cloud = cut.cloud();
    String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
    group = "contract-" + Integer.toHexString(method.hashCode()) + "-" + shortId();
  }

  @AfterEach
  void stopTheCloud() {
    cut.close();
  }

  // ================================================================ identity and lifecycle

  @Test
  void createReturnsAnIdThatGetReadsBackWithTheDocumentSent() {
    CubeSpec spec = sleeper("reader");

    CubeId id = cloud.create(spec, CubeOptions.defaults(), placement());

    ObservedCube observed = cloud.get(id).orElseThrow();
    assertThat(observed.cubeId()).isEqualTo(id);
    assertThat(observed.spec()).isEqualTo(spec);
    assertThat(observed.podUid()).isEqualTo(spec.podUid());
  }

  @Test
  void createdCubeIsFoundByItsPodUid() {
    CubeSpec spec = sleeper("found");
    CubeId id = cloud.create(spec, CubeOptions.defaults(), placement());
    cloud.create(sleeper("other"), CubeOptions.defaults(), placement());

    Optional<ObservedCube> found = cloud.findByPodUid(spec.podUid());

    assertThat(found).map(ObservedCube::cubeId).contains(id);
  }

  @Test
  void getAndFindOfCubesThatDoNotExistAreEmpty() {
    cloud.create(sleeper("exists"), CubeOptions.defaults(), placement());

    assertThat(cloud.get(CubeId.of("cube-nosuch00"))).isEmpty();
    assertThat(cloud.findByPodUid(PodUid.of(UUID.randomUUID().toString()))).isEmpty();
  }

  @Test
  void cubeRunsOnceTimePassesWithAnAddressAndARunningContainer() {
    CubeId id = cloud.create(sleeper("runner"), CubeOptions.defaults(), placement());

    ObservedCube running = awaitPhase(id, CubePhase.RUNNING);

    assertThat(running.status().podIp()).hasValueSatisfying(ip -> assertThat(ip).isNotBlank());
    assertThat(running.status().containerStatuses())
        .singleElement()
        .satisfies(s -> assertThat(s.state()).isInstanceOf(ContainerState.Running.class));
  }

  @Test
  void containerThatExitsZeroUnderRestartNeverEndsCompleted() {
    CubeSpec spec = cube("done", RestartPolicy.NEVER, "sh", "-c", "echo finished; exit 0");
    CubeId id = cloud.create(spec, CubeOptions.defaults(), placement());

    ObservedCube done = awaitPhase(id, CubePhase.COMPLETED);

    assertThat(terminated(done.status().containerStatuses().get(0)).exitCode()).isZero();
  }

  @Test
  void containerThatExitsNonZeroUnderRestartNeverEndsErrorWithItsExitCode() {
    CubeSpec spec = cube("fails", RestartPolicy.NEVER, "sh", "-c", "echo failing; exit 3");
    CubeId id = cloud.create(spec, CubeOptions.defaults(), placement());

    ObservedCube failed = awaitPhase(id, CubePhase.ERROR);

    assertThat(terminated(failed.status().containerStatuses().get(0)).exitCode()).isEqualTo(3);
  }

  @Test
  void deletedCubeDisappearsFromGetListAndUidLookup() {
    CubeSpec spec = sleeper("doomed");
    CubeId id = cloud.create(spec, CubeOptions.defaults(), placement());

    cloud.delete(id, false);

    eventually("Cube " + id + " is gone", () -> cloud.get(id).isEmpty());
    assertThat(cloud.findByPodUid(spec.podUid())).isEmpty();
    assertThat(cloud.list(group)).extracting(ObservedCube::cubeId).doesNotContain(id);
  }

  @Test
  void deletingACubeThatDoesNotExistFailsNotFound() {
    CubeId id = cloud.create(sleeper("twice"), CubeOptions.defaults(), placement());
    cloud.delete(id, false);
    eventually("Cube " + id + " is gone", () -> cloud.get(id).isEmpty());

    assertThatThrownBy(() -> cloud.delete(id, false))
        .isInstanceOf(CloudFailure.NotFound.class)
        .satisfies(e -> assertThat(((CloudFailure) e).retryable()).isFalse());
    assertThatThrownBy(() -> cloud.delete(CubeId.of("cube-nosuch00"), true))
        .isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void renewReplacesTheDocumentOfARunningCube() {
    CubeFixture fixture = fixture("renewed");
    CubeSpec spec = fixture.build();
    CubeId id = cloud.create(spec, CubeOptions.defaults(), placement());
    awaitPhase(id, CubePhase.RUNNING);
    CubeSpec renewed = fixture.label("token-generation", "2").build();

    ObservedCube answer = cloud.renew(id, renewed);

    assertThat(answer.spec().labels()).containsEntry("token-generation", "2");
    assertThat(cloud.get(id).orElseThrow().spec()).isEqualTo(renewed);
    assertThatThrownBy(() -> cloud.renew(CubeId.of("cube-nosuch00"), renewed))
        .isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void rebootKeepsTheCubeAndRunsItAgain() {
    CubeId id = cloud.create(sleeper("rebooted"), CubeOptions.defaults(), placement());
    awaitPhase(id, CubePhase.RUNNING);

    cloud.reboot(id);

    ObservedCube again = awaitPhase(id, CubePhase.RUNNING);
    assertThat(again.cubeId()).isEqualTo(id);
    assertThatThrownBy(() -> cloud.reboot(CubeId.of("cube-nosuch00")))
        .isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void extendInfoNamesEachCubeWithItsBusinessGroup() {
    CubeSpec spec = sleeper("tagged");
    CubeId id =
        cloud.create(spec, new CubeOptions.Builder().tag("contract-shop").build(), placement());

    List<CubeExtendInfo> info = cloud.extendInfo(List.of(id));

    assertThat(info)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.cubeId()).isEqualTo(id);
              assertThat(i.name()).isEqualTo(spec.name());
              assertThat(i.tag()).isEqualTo("contract-shop");
              assertThat(i.eips()).isEmpty();
            });
  }

  @Test
  void createOfADocumentCubeCannotRunIsRejectedForGood() {
    CubeSpec tooBig = fixture("huge").limits(Cpu.ofCores(16), Memory.ofGibibytes(64)).build();

    assertThatThrownBy(() -> cloud.create(tooBig, CubeOptions.defaults(), placement()))
        .isInstanceOfSatisfying(
            CloudFailure.Rejected.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).isNotBlank();
            });
    assertThat(cloud.findByPodUid(tooBig.podUid())).isEmpty();
  }

  // ================================================================ listing

  @Test
  void listReturnsOnlyTheCubesOfTheGroup() {
    String otherGroup = group + "-other";
    Set<CubeId> mine = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      mine.add(cloud.create(sleeper("mine" + i), CubeOptions.defaults(), placement()));
    }
    Set<CubeId> theirs = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      theirs.add(
          cloud.create(sleeper("theirs" + i), CubeOptions.defaults(), placement(otherGroup)));
    }

    assertThat(ids(cloud.list(group))).containsExactlyInAnyOrderElementsOf(mine);
    assertThat(ids(cloud.list(otherGroup))).containsExactlyInAnyOrderElementsOf(theirs);
    assertThat(cloud.list(group + "-empty")).isEmpty();
  }

  @Test
  void listReturnsEveryCubeOfAGroupBeyondOnePage() {
    // Created directly: what is under test is listing them, across three pages.
    Set<CubeId> created = new HashSet<>();
    for (int i = 0; i < 230; i++) {
      created.add(cut.direct().create(sleeper("paged" + i), CubeOptions.defaults(), placement()));
    }

    List<ObservedCube> listed = cloud.list(group);

    assertThat(listed).hasSize(230);
    assertThat(ids(listed)).containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  void listSeesEveryLastingCubeOnceWhileCubesComeAndGo() {
    // Transient Cubes are created first, so deleting them moves every later Cube to an earlier
    // page: an implementation that pages by offset without noticing would skip lasting Cubes.
    CubeCloud direct = cut.direct();
    Deque<CubeId> transients = new ArrayDeque<>();
    Set<CubeId> everTransient = Collections.synchronizedSet(new HashSet<>());
    for (int i = 0; i < 20; i++) {
      CubeId id = direct.create(sleeper("transient" + i), CubeOptions.defaults(), placement());
      transients.add(id);
      everTransient.add(id);
    }
    Set<CubeId> lasting = new HashSet<>();
    for (int i = 0; i < 120; i++) {
      lasting.add(direct.create(sleeper("lasting" + i), CubeOptions.defaults(), placement()));
    }
    cut.beforeNextListPages(
        2,
        () -> {
          for (int i = 0; i < 10 && !transients.isEmpty(); i++) {
            direct.delete(transients.pollFirst(), false);
          }
          for (int i = 0; i < 5; i++) {
            everTransient.add(
                direct.create(sleeper("newcomer"), CubeOptions.defaults(), placement()));
          }
        });

    List<CubeId> listed = ids(cloud.list(group));

    assertThat(listed).doesNotHaveDuplicates();
    assertThat(listed).containsAll(lasting);
    Set<CubeId> known = new HashSet<>(lasting);
    known.addAll(everTransient);
    assertThat(known).containsAll(listed);
  }

  @Test
  void concurrentCreatesAndDeletesLeaveExactlyTheSurvivors() throws Exception {
    int threads = 6;
    int perThread = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Map<CubeId, PodUid>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                Map<CubeId, PodUid> survivors = new java.util.HashMap<>();
                for (int i = 0; i < perThread; i++) {
                  CubeSpec spec = sleeper("t" + thread + "c" + i);
                  CubeId id = cloud.create(spec, CubeOptions.defaults(), placement());
                  if (i % 2 == 0) {
                    cloud.delete(id, false);
                  } else {
                    survivors.put(id, spec.podUid());
                  }
                }
                return survivors;
              }));
    }
    Map<CubeId, PodUid> survivors = new java.util.HashMap<>();
    for (Future<Map<CubeId, PodUid>> f : futures) {
      survivors.putAll(f.get(2, TimeUnit.MINUTES));
    }
    pool.shutdown();

    eventually(
        "only the survivors are listed",
        () -> new HashSet<>(ids(cloud.list(group))).equals(survivors.keySet()));
    assertThat(survivors).hasSize(threads * perThread / 2);
    survivors.forEach(
        (id, uid) -> assertThat(cloud.findByPodUid(uid)).map(ObservedCube::cubeId).contains(id));
  }

  // ================================================================ faults

  @Test
  void unavailableServiceFailsRetryablyAndCreatesNothing() {
    CubeId existing = cloud.create(sleeper("before"), CubeOptions.defaults(), placement());
    CubeSpec refused = sleeper("refused");
    cut.inject(InjectedFault.UNAVAILABLE);

    assertFailsRetryably(
        () -> cloud.create(refused, CubeOptions.defaults(), placement()),
        CloudFailure.Unavailable.class);
    assertFailsRetryably(() -> cloud.get(existing), CloudFailure.Unavailable.class);
    assertFailsRetryably(() -> cloud.list(group), CloudFailure.Unavailable.class);
    cut.clearFaults();
    assertThat(cloud.findByPodUid(refused.podUid())).isEmpty();
    assertThat(ids(cloud.list(group))).containsExactly(existing);
  }

  @Test
  void throttledServiceFailsRetryablyAsThrottled() {
    CubeSpec refused = sleeper("throttled");
    cut.inject(InjectedFault.THROTTLED);

    assertFailsRetryably(
        () -> cloud.create(refused, CubeOptions.defaults(), placement()),
        CloudFailure.Throttled.class);
    assertFailsRetryably(() -> cloud.list(group), CloudFailure.Throttled.class);
    cut.clearFaults();
    assertThat(cloud.findByPodUid(refused.podUid())).isEmpty();
  }

  @Test
  void refusedCredentialsFailUnauthorizedForGood() {
    cut.inject(InjectedFault.UNAUTHORIZED);

    assertThatThrownBy(() -> cloud.create(sleeper("nope"), CubeOptions.defaults(), placement()))
        .isInstanceOfSatisfying(
            CloudFailure.Unauthorized.class, e -> assertThat(e.retryable()).isFalse());
    assertThatThrownBy(() -> cloud.list(group)).isInstanceOf(CloudFailure.Unauthorized.class);
  }

  @Test
  void rejectedRequestsFailRejectedForGoodWithTheCloudsMessage() {
    cut.inject(InjectedFault.REJECTED);

    assertThatThrownBy(() -> cloud.create(sleeper("nope"), CubeOptions.defaults(), placement()))
        .isInstanceOfSatisfying(
            CloudFailure.Rejected.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).isNotBlank();
              assertThat(e.code()).isNotBlank();
            });
  }

  @Test
  void outageFailsRetryablyAsUnavailable() {
    CubeSpec refused = sleeper("outage");
    cut.inject(InjectedFault.OUTAGE);

    assertFailsRetryably(
        () -> cloud.create(refused, CubeOptions.defaults(), placement()),
        CloudFailure.Unavailable.class);
    assertFailsRetryably(() -> cloud.list(group), CloudFailure.Unavailable.class);
    cut.clearFaults();
    assertThat(cloud.findByPodUid(refused.podUid())).isEmpty();
  }

  @Test
  void lostCreateAnswerIsOutcomeUnknownAndTheCubeIsFoundOnceByPodUid() {
    CubeSpec spec = sleeper("lost");
    cut.inject(InjectedFault.LOSE_CREATE_ANSWERS);

    assertThatThrownBy(() -> cloud.create(spec, CubeOptions.defaults(), placement()))
        .isInstanceOfSatisfying(
            CloudFailure.OutcomeUnknown.class, e -> assertThat(e.retryable()).isTrue());

    cut.clearFaults();
    assertThat(cloud.findByPodUid(spec.podUid())).isPresent();
    assertThat(cloud.list(group))
        .filteredOn(c -> c.podUid().equals(spec.podUid()))
        .as("exactly one Cube for the pod: the create was not sent twice")
        .hasSize(1);
  }

  // ================================================================ elastic IPs and disks

  @Test
  void allocatedEipBindsToACubeShowsInItsExtendInfoAndUnbinds() {
    ElasticIps eips = cut.elasticIps();
    CubeId id = cloud.create(sleeper("public"), CubeOptions.defaults(), placement());

    ElasticIp eip = eips.allocate(eipOptions());
    eips.bind(eip.id(), id);

    assertThat(eip.address()).isNotBlank();
    assertThat(cloud.extendInfo(List.of(id)).get(0).eips()).containsExactly(eip);
    eips.unbind(eip.id(), id);
    assertThat(cloud.extendInfo(List.of(id)).get(0).eips()).isEmpty();
    eips.release(eip.id());
    assertThatThrownBy(() -> eips.bind(eip.id(), id)).isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void deleteWithReleaseEipReleasesTheBoundEip() {
    ElasticIps eips = cut.elasticIps();
    CubeId id = cloud.create(sleeper("released"), CubeOptions.defaults(), placement());
    CubeId other = cloud.create(sleeper("other"), CubeOptions.defaults(), placement());
    ElasticIp eip = eips.allocate(eipOptions());
    eips.bind(eip.id(), id);

    cloud.delete(id, true);

    assertThatThrownBy(() -> eips.bind(eip.id(), other)).isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void deleteWithoutReleaseEipKeepsTheEipForAnotherCube() {
    ElasticIps eips = cut.elasticIps();
    CubeId id = cloud.create(sleeper("kept"), CubeOptions.defaults(), placement());
    CubeId other = cloud.create(sleeper("heir"), CubeOptions.defaults(), placement());
    ElasticIp eip = eips.allocate(eipOptions());
    eips.bind(eip.id(), id);

    cloud.delete(id, false);
    eips.bind(eip.id(), other);

    assertThat(cloud.extendInfo(List.of(other)).get(0).eips()).containsExactly(eip);
  }

  @Test
  void cubeMountingAProvisionedDiskRunsAndTheDiskIsDeletedAfterwards() {
    String disk = cut.provisionDisk();
    CubeSpec spec =
        withVolume(fixture("stateful"), new CubeVolume.UDisk("data", disk, "ext4", false), "/data");
    CubeId id = cloud.create(spec, CubeOptions.defaults(), placement());
    awaitPhase(id, CubePhase.RUNNING);
    cloud.delete(id, false);

    cut.disks().delete(disk);

    assertThatThrownBy(() -> cut.disks().delete(disk)).isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void diskDeleteDetachesADiskStillAttachedToACube() {
    String disk = cut.provisionDisk();
    CubeSpec spec =
        withVolume(fixture("holder"), new CubeVolume.UDisk("data", disk, "ext4", false), "/data");
    cloud.create(spec, CubeOptions.defaults(), placement());

    cut.disks().delete(disk);

    assertThatThrownBy(() -> cut.disks().delete(disk)).isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void creatingACubeThatMountsAnUnknownDiskIsRejected() {
    CubeSpec spec =
        withVolume(
            fixture("orphan"),
            new CubeVolume.UDisk("data", "bsm-nosuch00", "ext4", false),
            "/data");

    assertThatThrownBy(() -> cloud.create(spec, CubeOptions.defaults(), placement()))
        .isInstanceOfSatisfying(
            CloudFailure.Rejected.class, e -> assertThat(e.getMessage()).contains("bsm-nosuch00"));
  }

  @Test
  void deletingADiskThatDoesNotExistFailsNotFound() {
    assertThatThrownBy(() -> cut.disks().delete("bsm-nosuch00"))
        .isInstanceOf(CloudFailure.NotFound.class);
  }

  // ================================================================ streams: logs

  @Test
  void logsReturnWhatTheContainerPrinted() {
    assumeTrue(offers(CloudCapability.LOGS));
    CubeId id =
        runningCube(
            cube("talker", RestartPolicy.ALWAYS, "sh", "-c", "echo hello; echo world; sleep 3600"));

    CollectingSink sink = new CollectingSink();
    cloud.logs(id, "main", LogOptions.defaults(), sink);

    awaitTrue("the log ends", sink::ended);
    assertThat(sink.text()).isEqualTo("hello\nworld\n");
  }

  @Test
  void logsHonourTailLinesAndTimestamps() {
    assumeTrue(offers(CloudCapability.LOGS));
    CubeId id =
        runningCube(
            cube("tail", RestartPolicy.ALWAYS, "sh", "-c", "echo a; echo b; echo c; sleep 3600"));

    CollectingSink sink = new CollectingSink();
    cloud.logs(id, "main", new LogOptions.Builder().tailLines(2).timestamps(true).build(), sink);

    awaitTrue("the log ends", sink::ended);
    List<String> lines = sink.text().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).endsWith(" b");
    assertThat(lines.get(1)).endsWith(" c");
    Instant.parse(lines.get(0).substring(0, lines.get(0).indexOf(' ')));
  }

  @Test
  void followedLogsReceiveLinesWrittenLater() {
    assumeTrue(offers(CloudCapability.LOGS));
    CubeId id =
        runningCube(
            cube(
                "follow",
                RestartPolicy.ALWAYS,
                "sh",
                "-c",
                "echo one; sleep 5; echo two; sleep 3600"));
    CollectingSink sink = new CollectingSink();

    try (StreamHandle handle =
        cloud.logs(id, "main", new LogOptions.Builder().follow(true).build(), sink)) {
      awaitTrue("the first line arrives", () -> sink.text().equals("one\n"));
      cut.letTimePass(Duration.ofSeconds(6));
      awaitTrue("the later line arrives", () -> sink.text().equals("one\ntwo\n"));
      assertThat(sink.ended()).isFalse();
    }
  }

  @Test
  void logsOfThePreviousRunSurviveARestart() {
    assumeTrue(offers(CloudCapability.LOGS));
    CubeSpec spec = cube("crasher", RestartPolicy.ALWAYS, "sh", "-c", "echo attempt; exit 1");
    CubeId id = cloud.create(spec, CubeOptions.defaults(), placement());
    eventually(
        "the container restarted",
        () -> cloud.get(id).orElseThrow().status().containerStatuses().get(0).restartCount() >= 1);

    CollectingSink sink = new CollectingSink();
    cloud.logs(id, "main", new LogOptions.Builder().previous(true).build(), sink);

    awaitTrue("the log ends", sink::ended);
    assertThat(sink.text()).isEqualTo("attempt\n");
  }

  @Test
  void logsFailUnsupportedWhenNotOffered() {
    assumeFalse(offers(CloudCapability.LOGS));
    CubeId id = cloud.create(sleeper("mute"), CubeOptions.defaults(), placement());

    assertUnsupported(
        CloudCapability.LOGS,
        () -> cloud.logs(id, "main", LogOptions.defaults(), new CollectingSink()));
  }

  // ================================================================ streams: exec and attach

  @Test
  void execRunsACommandAndReportsItsOutputAndExitCode() {
    assumeTrue(offers(CloudCapability.EXEC));
    CubeId id = runningCube(sleeper("exec"));
    CollectingOutput out = new CollectingOutput();

    cloud.exec(
        id, ExecRequest.of("main", List.of("sh", "-c", "echo hi; echo oops >&2; exit 3")), out);

    awaitTrue("the command exits", () -> out.exitCode().isPresent());
    assertThat(out.stdout()).startsWith("hi\n");
    assertThat(out.exitCode()).contains(3);
  }

  @Test
  void execReadsFilesOfMountedConfigMaps() {
    assumeTrue(offers(CloudCapability.EXEC));
    CubeSpec spec =
        withVolume(
            fixture("configured"),
            new CubeVolume.Files(
                "config",
                CubeVolume.Files.Kind.CONFIG_MAP,
                "app-config",
                new TreeMap<>(Map.of("greeting", FileBytes.utf8("hello from config\n")))),
            "/etc/app");
    CubeId id = runningCube(spec);
    CollectingOutput out = new CollectingOutput();

    cloud.exec(id, ExecRequest.of("main", List.of("cat", "/etc/app/greeting")), out);

    awaitTrue("cat exits", () -> out.exitCode().isPresent());
    assertThat(out.stdout()).isEqualTo("hello from config\n");
    assertThat(out.exitCode()).contains(0);
  }

  @Test
  void execPassesStdinToTheCommandUntilItIsClosed() {
    assumeTrue(offers(CloudCapability.EXEC));
    CubeId id = runningCube(sleeper("stdin"));
    CollectingOutput out = new CollectingOutput();
    ExecRequest request =
        new ExecRequest.Builder().container("main").addCommand("cat").stdin(true).build();

    try (ExecSession session = cloud.exec(id, request, out)) {
      session.stdin("ping\n".getBytes(StandardCharsets.UTF_8));
      awaitTrue("the input comes back", () -> out.stdout().equals("ping\n"));
      assertThat(out.exitCode()).isEmpty();
      session.closeStdin();
      awaitTrue("cat exits at end of input", () -> out.exitCode().isPresent());
    }
    assertThat(out.exitCode()).contains(0);
  }

  @Test
  void execFailsUnsupportedWhenNotOffered() {
    assumeFalse(offers(CloudCapability.EXEC));
    CubeId id = cloud.create(sleeper("noexec"), CubeOptions.defaults(), placement());

    assertUnsupported(
        CloudCapability.EXEC,
        () -> cloud.exec(id, ExecRequest.of("main", List.of("true")), new CollectingOutput()));
  }

  @Test
  void attachStreamsWhatTheMainProcessWritesNext() {
    assumeTrue(offers(CloudCapability.ATTACH));
    CubeId id =
        runningCube(
            cube(
                "attached",
                RestartPolicy.ALWAYS,
                "sh",
                "-c",
                "echo before; sleep 5; echo after; sleep 3600"));
    CollectingOutput out = new CollectingOutput();

    try (ExecSession session = cloud.attach(id, ExecRequest.of("main", List.of()), out)) {
      cut.letTimePass(Duration.ofSeconds(6));
      awaitTrue("the later output arrives", () -> out.stdout().contains("after\n"));
    }
    assertThat(out.stdout()).doesNotContain("before");
  }

  @Test
  void attachFailsUnsupportedWhenNotOffered() {
    assumeFalse(offers(CloudCapability.ATTACH));
    CubeId id = cloud.create(sleeper("noattach"), CubeOptions.defaults(), placement());

    assertUnsupported(
        CloudCapability.ATTACH,
        () -> cloud.attach(id, ExecRequest.of("main", List.of()), new CollectingOutput()));
  }

  // ================================================================ streams: port-forward, metrics

  @Test
  void portForwardCarriesAnHttpExchangeToADeclaredPort() {
    assumeTrue(offers(CloudCapability.PORT_FORWARD));
    CubeSpec spec = fixture("web").port(8080).build();
    CubeId id = runningCube(spec);
    CollectingSink fromCube = new CollectingSink();

    try (PortForwardSession session = cloud.portForward(id, 8080, fromCube)) {
      session.send(
          "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      awaitTrue("an HTTP answer arrives", () -> fromCube.text().startsWith("HTTP/1.1 200"));
    }
  }

  @Test
  void portForwardFailsUnsupportedWhenNotOffered() {
    assumeFalse(offers(CloudCapability.PORT_FORWARD));
    CubeId id = cloud.create(sleeper("noports"), CubeOptions.defaults(), placement());

    assertUnsupported(
        CloudCapability.PORT_FORWARD, () -> cloud.portForward(id, 8080, new CollectingSink()));
  }

  @Test
  void metricsReportUsageUnderTheContainersLimits() {
    assumeTrue(offers(CloudCapability.METRICS));
    CubeSpec spec = sleeper("busy");
    CubeId id = runningCube(spec);
    Instant started = cloud.get(id).orElseThrow().status().startTime().orElseThrow();
    cut.letTimePass(Duration.ofMinutes(2));

    List<UsageSample> samples =
        cloud.metrics(id, "main", started, started.plus(Duration.ofMinutes(10)));

    CubeResources limits = spec.containers().get(0).limits();
    assertThat(samples).isNotEmpty();
    assertThat(samples)
        .allSatisfy(
            s -> {
              assertThat(s.cpuNanoCores()).isBetween(0L, limits.cpu().millis() * 1_000_000L);
              assertThat(s.memoryWorkingSetBytes()).isBetween(0L, limits.memory().bytes());
              assertThat(s.timestamp()).isBetween(started, started.plus(Duration.ofMinutes(10)));
            });
    assertThat(samples).extracting(UsageSample::timestamp).isSorted();
  }

  @Test
  void metricsFailUnsupportedWhenNotOffered() {
    assumeFalse(offers(CloudCapability.METRICS));
    CubeId id = cloud.create(sleeper("nometrics"), CubeOptions.defaults(), placement());
    Instant now = Instant.now();

    assertUnsupported(
        CloudCapability.METRICS, () -> cloud.metrics(id, "main", now.minusSeconds(60), now));
  }

  // ================================================================ fixtures and helpers

  /** The placement of this test's group. */
  protected Placement placement() {
    return placement(group);
  }

  protected static Placement placement(String group) {
    return Placement.of("cn-bj2-05", "uvnet-contract", "subnet-contract", group);
  }

  /** A one-container Cube (container {@code main}, 500m / 512Mi) running the command. */
  protected static CubeSpec cube(String name, RestartPolicy policy, String... command) {
    return fixture(name).restartPolicy(policy).command(command).build();
  }

  /** A Cube whose container logs a line and sleeps for an hour. */
  protected static CubeSpec sleeper(String name) {
    return fixture(name).build();
  }

  /** A fixture for a one-container sleeper, to adjust before building. */
  protected static CubeFixture fixture(String name) {
    return new CubeFixture(name);
  }

  /** The fixture's Cube with one more volume, mounted into its container at {@code path}. */
  protected static CubeSpec withVolume(CubeFixture fixture, CubeVolume volume, String path) {
    return fixture.volume(volume, path).build();
  }

  /**
   * Builds one-container Cube documents (container {@code main}, busybox, 500m / 512Mi, {@code sh
   * -c 'echo started; sleep 3600'}); the pod uid stays the same across builds, so a second build is
   * a renewal of the first.
   */
  public static final class CubeFixture {
    private final String name;
    private final PodUid uid = PodUid.of(UUID.randomUUID().toString());
    private RestartPolicy policy = RestartPolicy.ALWAYS;
    private List<String> command = List.of("sh", "-c", "echo started; sleep 3600");
    private Cpu cpu = Cpu.ofMillis(500);
    private Memory memory = Memory.ofMebibytes(512);
    private final List<CubePort> ports = new ArrayList<>();
    private final List<CubeVolume> volumes = new ArrayList<>();
    private final List<CubeVolumeMount> mounts = new ArrayList<>();
    private final Map<String, String> labels = new TreeMap<>();

    CubeFixture(String name) {
      this.name = name;
    }

    public CubeFixture restartPolicy(RestartPolicy p) {
      this.policy = p;
      return this;
    }

    public CubeFixture command(String... argv) {
      this.command = List.of(argv);
      return this;
    }

    public CubeFixture limits(Cpu c, Memory m) {
      this.cpu = c;
      this.memory = m;
      return this;
    }

    public CubeFixture port(int containerPort) {
      ports.add(CubePort.tcp(containerPort));
      return this;
    }

    public CubeFixture volume(CubeVolume volume, String mountPath) {
      volumes.add(volume);
      mounts.add(CubeVolumeMount.of(volume.name(), mountPath, false));
      return this;
    }

    public CubeFixture label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public CubeSpec build() {
      CubeContainer main =
          new CubeContainer.Builder()
              .name("main")
              .image("uhub.ucloud-global.com/library/busybox:1.36")
              .addAllCommand(command)
              .addAllPorts(ports)
              .addAllVolumeMounts(mounts)
              .limits(CubeResources.of(cpu, memory))
              .build();
      return new CubeSpec.Builder()
          .name(name)
          .podUid(uid)
          .restartPolicy(policy)
          .putAllLabels(labels)
          .addContainers(main)
          .addAllVolumes(volumes)
          .build();
    }
  }

  protected static EipOptions eipOptions() {
    return new EipOptions.Builder()
        .payMode(EipPayMode.BANDWIDTH)
        .bandwidth(2)
        .chargeType(EipChargeType.DYNAMIC)
        .quantity(1)
        .releaseOnDelete(true)
        .build();
  }

  /** Creates the Cube and lets time pass until it runs. */
  protected CubeId runningCube(CubeSpec spec) {
    CubeId id = cloud.create(spec, CubeOptions.defaults(), placement());
    awaitPhase(id, CubePhase.RUNNING);
    return id;
  }

  /**
   * Lets cloud time pass, a second at a time (up to ten minutes), until the Cube is in the phase.
   */
  protected ObservedCube awaitPhase(CubeId id, CubePhase phase) {
    ObservedCube last = null;
    for (int second = 0; second <= 600; second++) {
      last = cloud.get(id).orElseThrow(() -> new AssertionError("Cube " + id + " vanished"));
      if (last.status().phase() == phase) {
        return last;
      }
      cut.letTimePass(Duration.ofSeconds(1));
    }
    return fail("Cube " + id + " did not reach " + phase + "; last status: " + last.status());
  }

  /**
   * Lets cloud time pass, a second at a time (up to ten minutes), until the condition holds: for
   * what the cloud settles over time (deletes, restarts).
   */
  protected void eventually(String what, Supplier<Boolean> condition) {
    for (int second = 0; second <= 600; second++) {
      if (condition.get()) {
        return;
      }
      cut.letTimePass(Duration.ofSeconds(1));
    }
    fail("not reached after ten minutes of cloud time: " + what);
  }

  /** Waits (real time) for something the cloud pushes asynchronously (stream data). */
  protected void awaitTrue(String what, Supplier<Boolean> condition) {
    await(what).atMost(streamTimeout()).pollInterval(Duration.ofMillis(20)).until(condition::get);
  }

  protected boolean offers(CloudCapability capability) {
    return cloud.capabilities().contains(capability);
  }

  private static void assertUnsupported(CloudCapability capability, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            CloudFailure.Unsupported.class,
            e -> {
              assertThat(e.capability()).isEqualTo(capability);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).isNotBlank();
            });
  }

  private static void assertFailsRetryably(Runnable call, Class<? extends CloudFailure> expected) {
    assertThatThrownBy(call::run)
        .isInstanceOf(expected)
        .satisfies(e -> assertThat(((CloudFailure) e).retryable()).isTrue());
  }

  private static ContainerState.Terminated terminated(CubeContainerStatus status) {
    assertThat(status.state()).isInstanceOf(ContainerState.Terminated.class);
    return (ContainerState.Terminated) status.state();
  }

  private static List<CubeId> ids(List<ObservedCube> cubes) {
    return cubes.stream().map(ObservedCube::cubeId).collect(Collectors.toList());
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** A {@link ByteSink} that keeps everything, for assertions. */
  public static final class CollectingSink implements ByteSink {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean ended;
    private CloudFailure failure;

    @Override
    public synchronized void write(byte[] chunk) {
      bytes.writeBytes(chunk);
    }

    @Override
    public synchronized void end() {
      ended = true;
    }

    @Override
    public synchronized void fail(CloudFailure f) {
      failure = f;
      ended = true;
    }

    public synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    public synchronized boolean ended() {
      return ended;
    }

    public synchronized Optional<CloudFailure> failure() {
      return Optional.ofNullable(failure);
    }
  }

  /** An {@link ExecOutput} that keeps everything, for assertions. */
  public static final class CollectingOutput implements ExecOutput {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private Integer exitCode;
    private CloudFailure failure;

    @Override
    public synchronized void stdout(byte[] chunk) {
      stdout.writeBytes(chunk);
    }

    @Override
    public synchronized void stderr(byte[] chunk) {
      stderr.writeBytes(chunk);
    }

    @Override
    public synchronized void exited(int code) {
      exitCode = code;
    }

    @Override
    public synchronized void failed(CloudFailure f) {
      failure = f;
    }

    public synchronized String stdout() {
      return stdout.toString(StandardCharsets.UTF_8);
    }

    public synchronized String stderr() {
      return stderr.toString(StandardCharsets.UTF_8);
    }

    public synchronized Optional<Integer> exitCode() {
      return Optional.ofNullable(exitCode);
    }

    public synchronized Optional<CloudFailure> failure() {
      return Optional.ofNullable(failure);
    }
  }
}
